/* strbuf.c - growable byte buffer (see strbuf.h). */
#define _POSIX_C_SOURCE 200809L
#include "strbuf.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(rk_strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->buf = rk_xrealloc(sb->buf, cap);
    sb->cap = cap;
}

void rk_sb_add(rk_strbuf *sb, const void *p, size_t n)
{
    grow(sb, n);
    if (n)
        memcpy(sb->buf + sb->len, p, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void rk_sb_puts(rk_strbuf *sb, const char *s) { rk_sb_add(sb, s, strlen(s)); }

void rk_sb_putc(rk_strbuf *sb, char c) { rk_sb_add(sb, &c, 1); }

void rk_sb_printf(rk_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    grow(sb, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

const char *rk_sb_cstr(const rk_strbuf *sb) { return sb->buf ? sb->buf : ""; }

char *rk_sb_detach(rk_strbuf *sb)
{
    char *s = sb->buf ? sb->buf : rk_xstrdup("");
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return s;
}

void rk_sb_reset(rk_strbuf *sb)
{
    sb->len = 0;
    if (sb->buf)
        sb->buf[0] = '\0';
}

void rk_sb_free(rk_strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}
