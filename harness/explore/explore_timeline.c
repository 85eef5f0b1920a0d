/* explore_timeline.c - the failing schedule as a student reads it: each
 * step's file:line and operation, trimmed to what matters, one column per
 * thread, long cells wrapped at spaces to fit the terminal (see
 * explore.h). Program counters become file:line and locations get their
 * names through the symbol table of explore_symbols.c (timeline.h); what
 * the threads were doing at the end is explore_threads.c's. */
#define _GNU_SOURCE
#include "explore.h"
#include "runtime/explore_proto.h"
#include "timeline.h"

#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const char *const call_names[] = RK_CALL_NAMES;

/* ---- trimming -------------------------------------------------------------- */

/* 1 for a step that reads or writes memory; is_write: one that writes it. */
static int is_access(int op) { return op >= RK_OP_READ && op <= RK_OP_ATOMIC_RMW; }
static int is_write(int op) { return op == RK_OP_WRITE || op == RK_OP_ATOMIC_STORE || op == RK_OP_ATOMIC_RMW; }

/* Order of access steps by location (kind, block, address). */
static const rk_xrun *sort_run;
static int cmp_location(const void *pa, const void *pb)
{
    const rk_xstep *a = &sort_run->steps_v[*(const size_t *)pa], *b = &sort_run->steps_v[*(const size_t *)pb];
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->block != b->block)
        return a->block < b->block ? -1 : 1;
    return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* shared[i] = 1 when step i is an access to a location that two threads
 * touch with at least one write: one sort of the accesses by location, then
 * one pass per group (a trace holds up to 2^17 steps, too many to compare
 * each with all). Caller frees. */
static unsigned char *shared_locations(const rk_xrun *r)
{
    unsigned char *shared = rk_xcalloc(r->n_steps + 1, 1);
    size_t *idx = rk_xcalloc(r->n_steps + 1, sizeof *idx), n = 0;
    for (size_t i = 0; i < r->n_steps; i++)
        if (is_access(r->steps_v[i].op))
            idx[n++] = i;
    sort_run = r;
    qsort(idx, n, sizeof *idx, cmp_location);
    for (size_t g = 0; g < n;) {
        size_t end = g + 1;
        while (end < n && cmp_location(&idx[g], &idx[end]) == 0)
            end++;
        int other = 0, write = 0;
        for (size_t j = g; j < end; j++) {
            other |= r->steps_v[idx[j]].thread != r->steps_v[idx[g]].thread;
            write |= is_write(r->steps_v[idx[j]].op);
        }
        for (size_t j = g; j < end; j++)
            shared[idx[j]] = (unsigned char)(other && write);
        g = end;
    }
    free(idx);
    return shared;
}

void rk_timeline_build(const char *binary, const rk_xrun *r, rk_timeline *t)
{
    memset(t, 0, sizeof *t);
    t->total = r->n_steps;
    uint64_t *pcs = rk_xcalloc(r->n_steps + 1, sizeof *pcs);
    for (size_t i = 0; i < r->n_steps; i++)
        pcs[i] = r->steps_v[i].pc;
    rk_xsym_table s;
    rk_xsym_open(&s, binary, pcs, r->n_steps);
    free(pcs);
    t->rows = rk_xcalloc(r->n_steps + 1, sizeof *t->rows);
    unsigned char *shared = shared_locations(r);
    for (size_t i = 0; i < r->n_steps; i++) {
        const rk_xstep *st = &r->steps_v[i];
        if (st->thread + 1 > t->n_threads)
            t->n_threads = st->thread + 1;
        int line;
        const char *file = rk_xsym_line(&s, st->pc, &line);
        /* In racekit.h only the threads' lives matter, not the start gate
         * or the barrier turned off. */
        int kit = rk_xkit_file(file);
        int keep = is_access(st->op) ? st->kind != 'o' && !kit && shared[i]
                   : kit ? st->op == RK_OP_CREATE || st->op == RK_OP_JOIN
                         : st->op != RK_OP_NONE;
        if (!keep)
            continue;
        rk_xrow *row = &t->rows[t->n++];
        row->thread = st->thread;
        row->file = rk_xstrdup(file);
        row->line = line;
        char *name = st->op == RK_OP_WAIT || st->op == RK_OP_WAKE || st->op >= RK_OP_CREATE
                         ? rk_xstrdup("")
                         : rk_xplace_name(&s, r, st->kind, st->block, st->addr);
        const char *op = rk_xop_name(st->op);
        if (st->op == RK_OP_WAIT || st->op == RK_OP_WAKE) {
            char *cv = rk_xplace_name(&s, r, st->kind, st->block, st->addr);
            char *m = rk_xplace_name(&s, r, st->obj_kind, st->obj_block, st->obj);
            row->op = st->op == RK_OP_WAIT ? rk_xasprintf("wait %s (releases %s)", cv, m)
                                           : rk_xasprintf("woken on %s (takes back %s)", cv, m);
            free(cv);
            free(m);
        } else {
            if (st->op == RK_OP_CALL)
                row->op = rk_xasprintf("call %s", st->size < RK_CALL_COUNT ? call_names[st->size] : "?");
            else
                row->op = *name ? rk_xasprintf("%s %s", op, name) : rk_xstrdup(op);
        }
        free(name);
    }
    free(shared);
    rk_xsym_close(&s);
}

void rk_timeline_free(rk_timeline *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->rows[i].file);
        free(t->rows[i].op);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/* The width to fit: $COLUMNS, else the terminal's, else 120 (a log). */
static int screen_width(void)
{
    const char *env = getenv("COLUMNS");
    struct winsize ws;
    if (env && atoi(env) >= 40)
        return atoi(env);
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col;
    return 120;
}

/* A row's cell: "file:line op", or the op alone (a thread's end has no
 * line). Caller frees. */
static char *cell_text(const rk_xrow *row)
{
    return row->line > 0 ? rk_xasprintf("%s:%d %s", row->file, row->line, row->op) : rk_xstrdup(row->op);
}

/* The next piece of `text` that fits `width` columns: up to its last space
 * inside them (a word longer than the width is broken). Returns its
 * length; *next is where the rest starts, spaces skipped. */
static size_t fit(const char *text, size_t width, const char **next)
{
    size_t len = strlen(text);
    if (len <= width) {
        *next = text + len;
        return len;
    }
    size_t cut = width;
    while (cut > 0 && text[cut] != ' ')
        cut--;
    if (cut == 0)
        cut = width;
    *next = text + cut;
    while (**next == ' ')
        (*next)++;
    return cut;
}

/* One line of the table: the step number (or blanks), `piece` in column
 * `col` of widths w[], the other columns empty; no trailing blanks. */
static void table_line(rk_strbuf *out, const char *number, const int *w, int n, int col, const char *piece,
                       size_t len)
{
    size_t at = out->len;
    rk_sb_printf(out, "%5s ", number);
    for (int c = 0; c < n; c++)
        rk_sb_printf(out, "| %-*.*s ", w[c], c == col ? (int)len : 0, c == col ? piece : "");
    while (out->len > at && out->buf[out->len - 1] == ' ')
        out->len--;
    out->buf[out->len] = '\0';
    rk_sb_puts(out, "\n");
}

void rk_timeline_text(const rk_timeline *t, rk_strbuf *out)
{
    enum { MIN_W = 16 };
    int n = t->n_threads > 0 ? t->n_threads : 1;
    int *w = rk_xcalloc((size_t)n, sizeof *w);
    /* Each column as wide as its longest cell; while they do not fit the
     * screen, the widest gives way (down to MIN_W), and what is longer
     * than its column wraps. */
    int room = screen_width() - 6 - 3 * n, sum = 0;
    char **cells = rk_xcalloc(t->n + 1, sizeof *cells);
    for (int c = 0; c < n; c++)
        w[c] = c ? (int)strlen("thread 10") : (int)strlen("thread 0 (main)");
    for (size_t i = 0; i < t->n; i++) {
        cells[i] = cell_text(&t->rows[i]);
        int c = t->rows[i].thread, len = (int)strlen(cells[i]);
        if (c >= 0 && c < n && len > w[c])
            w[c] = len;
    }
    for (int c = 0; c < n; c++)
        sum += w[c];
    while (sum > room) {
        int widest = 0;
        for (int c = 1; c < n; c++)
            widest = w[c] > w[widest] ? c : widest;
        if (w[widest] <= MIN_W)
            break;
        w[widest]--, sum--;
    }
    rk_sb_printf(out, "%5s ", "step");
    for (int c = 0; c < t->n_threads; c++) {
        char head[32];
        snprintf(head, sizeof head, c ? "thread %d" : "thread 0 (main)", c);
        rk_sb_printf(out, "| %-*s ", w[c], head);
    }
    while (out->len > 0 && out->buf[out->len - 1] == ' ')
        out->len--;
    out->buf[out->len] = '\0';
    rk_sb_puts(out, "\n");
    for (size_t i = 0; i < t->n; i++) {
        char number[24];
        snprintf(number, sizeof number, "%zu", i + 1);
        int c = t->rows[i].thread;
        /* continuation lines are indented by two */
        for (const char *rest = cells[i], *next; *rest; rest = next) {
            int cont = rest != cells[i];
            size_t width = (size_t)(c >= 0 && c < n ? w[c] : MIN_W) - (cont ? 2 : 0);
            size_t len = fit(rest, width, &next);
            char *piece = rk_xasprintf("%s%.*s", cont ? "  " : "", (int)len, rest);
            table_line(out, cont ? "" : number, w, n, c, piece, strlen(piece));
            free(piece);
        }
        free(cells[i]);
    }
    free(cells);
    free(w);
    if (t->n < t->total)
        rk_sb_printf(out, "(%zu of %zu steps shown: the shared locations and the synchronisation)\n", t->n,
                     t->total);
}
