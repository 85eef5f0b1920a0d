/* diff.c - line diff by longest common subsequence (see diff.h). Case files
 * are small, so the quadratic table is fine and keeps the code obvious. */
#define _POSIX_C_SOURCE 200809L
#include "diff.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_LINES = 20000 };

typedef struct {
    const char **start;
    size_t *len;
    int n;
} lines;

static void split_lines(const char *s, size_t n, lines *l)
{
    l->n = 0;
    l->start = NULL;
    l->len = NULL;
    int cap = 0;
    for (const char *p = s, *end = s + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (l->n == cap) {
            cap = cap ? cap * 2 : 64;
            l->start = rk_xrealloc(l->start, (size_t)cap * sizeof *l->start);
            l->len = rk_xrealloc(l->len, (size_t)cap * sizeof *l->len);
        }
        l->start[l->n] = p;
        l->len[l->n] = len;
        l->n++;
        p = nl ? nl + 1 : end;
    }
}

static int same(const lines *a, int i, const lines *b, int j)
{
    return a->len[i] == b->len[j] && memcmp(a->start[i], b->start[j], a->len[i]) == 0;
}

static void push(rk_diff *d, rk_diff_op op, int a_line, int b_line)
{
    d->edits = rk_xrealloc(d->edits, (size_t)(d->n + 1) * sizeof *d->edits);
    d->edits[d->n++] = (rk_diff_edit){ op, a_line, b_line };
    d->added += op == RK_DIFF_ADD;
    d->deleted += op == RK_DIFF_DEL;
}

int rk_diff_lines(const char *a, size_t alen, const char *b, size_t blen, rk_diff *out)
{
    memset(out, 0, sizeof *out);
    lines la, lb;
    split_lines(a, alen, &la);
    split_lines(b, blen, &lb);
    if (la.n > MAX_LINES || lb.n > MAX_LINES) {
        free(la.start), free(la.len), free(lb.start), free(lb.len);
        return -1;
    }
    /* lcs[i][j]: length of the LCS of a[i..] and b[j..]. */
    size_t w = (size_t)lb.n + 1;
    uint32_t *lcs = rk_xcalloc(((size_t)la.n + 1) * w, sizeof *lcs);
    for (int i = la.n - 1; i >= 0; i--)
        for (int j = lb.n - 1; j >= 0; j--)
            lcs[(size_t)i * w + (size_t)j] = same(&la, i, &lb, j)
                ? lcs[(size_t)(i + 1) * w + (size_t)(j + 1)] + 1
                : (lcs[(size_t)(i + 1) * w + (size_t)j] > lcs[(size_t)i * w + (size_t)(j + 1)]
                       ? lcs[(size_t)(i + 1) * w + (size_t)j]
                       : lcs[(size_t)i * w + (size_t)(j + 1)]);
    int i = 0, j = 0;
    while (i < la.n || j < lb.n) {
        if (i < la.n && j < lb.n && same(&la, i, &lb, j)) {
            push(out, RK_DIFF_SAME, ++i, ++j);
        } else if (i < la.n && (j == lb.n || lcs[(size_t)(i + 1) * w + (size_t)j] >= lcs[(size_t)i * w + (size_t)(j + 1)])) {
            push(out, RK_DIFF_DEL, ++i, 0); /* deletions first, as diff -u does */
        } else {
            push(out, RK_DIFF_ADD, 0, ++j);
        }
    }
    free(lcs);
    free(la.start), free(la.len), free(lb.start), free(lb.len);
    return 0;
}

static void put_line(rk_strbuf *out, char mark, const lines *l, int line)
{
    rk_sb_putc(out, mark);
    rk_sb_add(out, l->start[line - 1], l->len[line - 1]);
    rk_sb_putc(out, '\n');
}

void rk_diff_unified(const rk_diff *d, const char *a, size_t alen, const char *b,
                     size_t blen, int context, const char *label_a,
                     const char *label_b, rk_strbuf *out)
{
    lines la, lb;
    split_lines(a, alen, &la);
    split_lines(b, blen, &lb);
    rk_sb_printf(out, "--- %s\n+++ %s\n", label_a, label_b);
    for (int k = 0; k < d->n;) {
        if (d->edits[k].op == RK_DIFF_SAME) {
            k++;
            continue;
        }
        /* A hunk: back up `context` lines, then extend while changes are
         * closer than 2 * context apart. */
        int first = k - context < 0 ? 0 : k - context;
        while (first < k && d->edits[first].op != RK_DIFF_SAME)
            first++;
        int last = k, gap = 0;
        for (int m = k; m < d->n; m++) {
            if (d->edits[m].op != RK_DIFF_SAME) {
                last = m;
                gap = 0;
            } else if (++gap > 2 * context) {
                break;
            }
        }
        int end = last + context + 1 > d->n ? d->n : last + context + 1;
        int a0 = 0, b0 = 0, an = 0, bn = 0;
        for (int m = first; m < end; m++) {
            const rk_diff_edit *e = &d->edits[m];
            if (e->a_line && !a0)
                a0 = e->a_line;
            if (e->b_line && !b0)
                b0 = e->b_line;
            an += e->op != RK_DIFF_ADD;
            bn += e->op != RK_DIFF_DEL;
        }
        rk_sb_printf(out, "@@ -%d,%d +%d,%d @@\n", a0 ? a0 : 0, an, b0 ? b0 : 0, bn);
        for (int m = first; m < end; m++) {
            const rk_diff_edit *e = &d->edits[m];
            if (e->op == RK_DIFF_SAME)
                put_line(out, ' ', &la, e->a_line);
            else if (e->op == RK_DIFF_DEL)
                put_line(out, '-', &la, e->a_line);
            else
                put_line(out, '+', &lb, e->b_line);
        }
        k = end;
    }
    free(la.start), free(la.len), free(lb.start), free(lb.len);
}

void rk_diff_free(rk_diff *d)
{
    free(d->edits);
    memset(d, 0, sizeof *d);
}
