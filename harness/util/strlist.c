/* strlist.c - growable list of strings (see strlist.h). */
#define _POSIX_C_SOURCE 200809L
#include "strlist.h"
#include "strbuf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void rk_sl_add(rk_strlist *l, const char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = rk_xrealloc(l->items, (size_t)l->cap * sizeof *l->items);
    }
    l->items[l->n++] = rk_xstrdup(s);
}

int rk_sl_contains(const rk_strlist *l, const char *s)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->items[i], s) == 0)
            return 1;
    return 0;
}

char *rk_sl_join(const rk_strlist *l, const char *sep)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    for (int i = 0; i < l->n; i++) {
        if (i)
            rk_sb_puts(&sb, sep);
        rk_sb_puts(&sb, l->items[i]);
    }
    return rk_sb_detach(&sb);
}

void rk_sl_free(rk_strlist *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

char **rk_sl_argv(const rk_strlist *l)
{
    char **argv = rk_xcalloc((size_t)l->n + 1, sizeof *argv);
    for (int i = 0; i < l->n; i++)
        argv[i] = l->items[i];
    return argv;
}

void rk_sl_split(rk_strlist *l, const char *s)
{
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        size_t n = strcspn(s, " \t");
        if (n == 0)
            break;
        char *word = rk_xstrndup(s, n);
        rk_sl_add(l, word);
        free(word);
        s += n;
    }
}
