/* json_write.c - JSON emitter (see json_write.h). */
#define _POSIX_C_SOURCE 200809L
#include "json_write.h"
#include "utf8.h"

#include <assert.h>
#include <math.h>
#include <string.h>

rk_jw rk_jw_start(rk_strbuf *out, int pretty)
{
    rk_jw w;
    memset(&w, 0, sizeof w);
    w.out = out;
    w.pretty = pretty;
    return w;
}

static void newline(rk_jw *w)
{
    if (!w->pretty)
        return;
    rk_sb_putc(w->out, '\n');
    for (int i = 0; i < w->depth; i++)
        rk_sb_puts(w->out, "  ");
}

/* Every value starts here: a comma and indent unless it follows its key. */
static void before_value(rk_jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        if (w->count[w->depth - 1]++ > 0)
            rk_sb_putc(w->out, ',');
        newline(w);
    }
}

static void open(rk_jw *w, char opener, char closer)
{
    before_value(w);
    assert(w->depth < RK_JW_MAX_DEPTH);
    rk_sb_putc(w->out, opener);
    w->closer[w->depth] = closer;
    w->count[w->depth] = 0;
    w->depth++;
}

void rk_jw_object(rk_jw *w) { open(w, '{', '}'); }
void rk_jw_array(rk_jw *w) { open(w, '[', ']'); }

void rk_jw_end(rk_jw *w)
{
    assert(w->depth > 0);
    w->depth--;
    if (w->count[w->depth] > 0)
        newline(w);
    rk_sb_putc(w->out, w->closer[w->depth]);
    if (w->depth == 0 && w->pretty)
        rk_sb_putc(w->out, '\n');
}

void rk_jw_key(rk_jw *w, const char *key)
{
    before_value(w);
    rk_json_escape(w->out, key, strlen(key));
    rk_sb_puts(w->out, w->pretty ? ": " : ":");
    w->after_key = 1;
}

void rk_json_escape(rk_strbuf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    rk_sb_putc(out, '"');
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = rk_utf8_seq(p + i, n - i, &cp);
        if (len == 0) {
            rk_sb_puts(out, "\\ufffd");
            i++;
            continue;
        }
        if (cp == '"' || cp == '\\') {
            rk_sb_putc(out, '\\');
            rk_sb_putc(out, (char)cp);
        } else if (cp == '\n') {
            rk_sb_puts(out, "\\n");
        } else if (cp == '\t') {
            rk_sb_puts(out, "\\t");
        } else if (cp == '\r') {
            rk_sb_puts(out, "\\r");
        } else if (cp < 0x20 || cp == 0x7F) {
            rk_sb_printf(out, "\\u%04x", cp);
        } else {
            rk_sb_add(out, p + i, len);
        }
        i += len;
    }
    rk_sb_putc(out, '"');
}

void rk_jw_strn(rk_jw *w, const char *s, size_t n)
{
    before_value(w);
    rk_json_escape(w->out, s, n);
}

void rk_jw_str(rk_jw *w, const char *s)
{
    if (s == NULL)
        rk_jw_null(w);
    else
        rk_jw_strn(w, s, strlen(s));
}

void rk_jw_int(rk_jw *w, long long v)
{
    before_value(w);
    rk_sb_printf(w->out, "%lld", v);
}

void rk_jw_double(rk_jw *w, double v)
{
    before_value(w);
    if (!isfinite(v))
        rk_sb_puts(w->out, "null");
    else
        rk_sb_printf(w->out, "%.6g", v);
}

void rk_jw_bool(rk_jw *w, int v)
{
    before_value(w);
    rk_sb_puts(w->out, v ? "true" : "false");
}

void rk_jw_null(rk_jw *w)
{
    before_value(w);
    rk_sb_puts(w->out, "null");
}
