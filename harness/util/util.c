/* util.c - error reporting and allocation helpers (see util.h). */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern char **environ;

void rk_error(const char *fmt, ...)
{
    va_list ap;
    fputs("racekit: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void *check_alloc(void *p)
{
    if (p == NULL) {
        rk_error("out of memory");
        abort();
    }
    return p;
}

void *rk_xmalloc(size_t n) { return check_alloc(malloc(n ? n : 1)); }
void *rk_xcalloc(size_t count, size_t size) { return check_alloc(calloc(count ? count : 1, size ? size : 1)); }
void *rk_xrealloc(void *p, size_t n) { return check_alloc(realloc(p, n ? n : 1)); }
char *rk_xstrdup(const char *s) { return check_alloc(strdup(s)); }
char *rk_xstrndup(const char *s, size_t n) { return check_alloc(strndup(s, n)); }

char *rk_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = rk_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

double rk_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int rk_is_word_name(const char *s)
{
    int in_word = 0;
    if (*s == '\0')
        return 0;
    for (; *s; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
            in_word = 1;
        else if (*s == '-' && in_word)
            in_word = 0;
        else
            return 0;
    }
    return in_word;
}

char **rk_env_select(int (*keep)(const char *entry), size_t extra, size_t *n)
{
    size_t all = 0;
    while (environ[all])
        all++;
    char **env = rk_xcalloc(all + extra + 1, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < all; i++)
        if (keep(environ[i]))
            env[k++] = environ[i];
    *n = k;
    return env;
}
