/* explore_timeline.c - the failing schedule as a student reads it: each
 * step's file:line and operation, trimmed to what matters, one column per
 * thread; who waits for whom in a deadlock; the edges of a lock-order
 * cycle (see explore.h). Program
 * counters become file:line and locations get their names through the
 * symbol table of explore_symbols.c (timeline.h). */
#define _GNU_SOURCE
#include "explore.h"
#include "runtime/explore_proto.h"
#include "timeline.h"

#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[] = RK_OP_NAMES;
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

/* 1 for racekit.h, the kit's own code in a case (starting the threads
 * together, the ordering barrier turned off). */
static int is_kit_file(const char *file)
{
    return strcmp(file, "racekit.h") == 0;
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
        int kit = is_kit_file(file);
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
                         : rk_xsym_name(&s, st->kind, st->block, st->addr);
        const char *op = st->op < RK_OP_COUNT ? op_names[st->op] : "?";
        if (st->op == RK_OP_WAIT || st->op == RK_OP_WAKE) {
            char *cv = rk_xsym_name(&s, st->kind, st->block, st->addr);
            char *m = rk_xsym_name(&s, st->obj_kind, st->obj_block, st->obj);
            row->op = rk_xasprintf("%s %s (%s %s)", op, cv, st->op == RK_OP_WAIT ? "releases" : "takes", m);
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

void rk_timeline_text(const rk_timeline *t, rk_strbuf *out)
{
    enum { W = 34 };
    rk_sb_printf(out, "%5s ", "step");
    for (int c = 0; c < t->n_threads; c++) {
        char head[32];
        snprintf(head, sizeof head, c ? "thread %d" : "thread 0 (main)", c);
        rk_sb_printf(out, "| %-*s", W, head);
    }
    rk_sb_puts(out, "\n");
    for (size_t i = 0; i < t->n; i++) {
        const rk_xrow *row = &t->rows[i];
        char cell[160];
        if (row->line > 0)
            snprintf(cell, sizeof cell, "%s:%d %s", row->file, row->line, row->op);
        else /* a thread's end has no line */
            snprintf(cell, sizeof cell, "%s", row->op);
        rk_sb_printf(out, "%5zu ", i + 1);
        for (int c = 0; c < t->n_threads; c++)
            rk_sb_printf(out, "| %-*.*s", W, W, c == row->thread ? cell : "");
        rk_sb_puts(out, "\n");
    }
    if (t->n < t->total)
        rk_sb_printf(out, "(%zu of %zu steps shown: the shared locations and the synchronisation)\n", t->n,
                     t->total);
}

/* Symbols for the threads' next steps and the places their holders took
 * what they wait for: one addr2line for all of them. */
static void thread_syms(const char *binary, const rk_xrun *r, rk_xsym_table *s)
{
    uint64_t *pcs = rk_xcalloc(2 * r->n_threads + 1, sizeof *pcs);
    for (size_t i = 0; i < r->n_threads; i++)
        pcs[2 * i] = r->threads[i].pc, pcs[2 * i + 1] = r->threads[i].holder_pc;
    rk_xsym_open(s, binary, pcs, 2 * r->n_threads);
    free(pcs);
}

/* One line per thread (only the blocked ones with only_blocked), each
 * ended by `end`: its number, state and next step (for the thread the
 * watch found running, the last it took), for a blocked thread who holds
 * what it waits for, or which thread it joins. */
static void thread_lines(const rk_xsym_table *s, const rk_xrun *r, int only_blocked, const char *end,
                         rk_strbuf *out)
{
    for (size_t i = 0; i < r->n_threads; i++) {
        const rk_xthread *t = &r->threads[i];
        int blocked = strcmp(t->state, "blocked") == 0, running = strcmp(t->state, "running") == 0;
        if (only_blocked && !blocked)
            continue;
        if (strcmp(t->state, "finished") == 0) {
            rk_sb_printf(out, "thread %d%s finished%s", t->id, t->id ? "" : " (main)", end);
            continue;
        }
        int line, hline;
        const char *file = rk_xsym_line(s, t->pc, &line);
        /* A thread about to start or join names no location. */
        char *name = t->op >= RK_OP_CREATE ? rk_xstrdup("") : rk_xsym_name(s, t->kind, t->block, t->addr);
        const char *op = t->op < RK_OP_COUNT ? op_names[t->op] : "?";
        const char *state = blocked ? "blocked" : running ? "running, last step" : "can run";
        rk_sb_printf(out, "thread %d%s %s at %s:%d: %s%s%s%s", t->id, t->id ? "" : " (main)", state, file, line, op,
                     *name ? " `" : "", name, *name ? "`" : "");
        if (blocked && t->op == RK_OP_JOIN && t->holder >= 0) {
            rk_sb_printf(out, ", waits for thread %d to finish", t->holder);
        } else if (blocked && t->holder >= 0) {
            const char *hfile = rk_xsym_line(s, t->holder_pc, &hline);
            rk_sb_printf(out, ", held by thread %d (taken at %s:%d)", t->holder, hfile, hline);
        }
        rk_sb_puts(out, end);
        free(name);
    }
}

void rk_explore_deadlock_text(const char *binary, const rk_xrun *r, rk_strbuf *out)
{
    if (strcmp(r->end, RK_XEND_DEADLOCK) != 0)
        return;
    rk_xsym_table s;
    thread_syms(binary, r, &s);
    thread_lines(&s, r, 1, "\n", out);
    rk_xsym_close(&s);
}

char *rk_explore_threads_line(const char *binary, const rk_xrun *r)
{
    if (r->n_threads == 0)
        return NULL;
    rk_xsym_table s;
    thread_syms(binary, r, &s);
    rk_strbuf out = RK_STRBUF_INIT;
    thread_lines(&s, r, 0, "; ", &out);
    rk_xsym_close(&s);
    out.len -= 2; /* the last "; " */
    out.buf[out.len] = '\0';
    return rk_sb_detach(&out);
}

char *rk_explore_cycle_text(const char *binary, const rk_xrun *r)
{
    if (r->n_cycle == 0)
        return NULL;
    uint64_t *pcs = rk_xcalloc(2 * r->n_cycle, sizeof *pcs);
    for (size_t i = 0; i < r->n_cycle; i++)
        pcs[2 * i] = r->cycle[i].to_pc, pcs[2 * i + 1] = r->cycle[i].from_pc;
    rk_xsym_table s;
    rk_xsym_open(&s, binary, pcs, 2 * r->n_cycle);
    free(pcs);
    rk_strbuf out = RK_STRBUF_INIT;
    for (size_t i = 0; i < r->n_cycle; i++) {
        const rk_xedge *e = &r->cycle[i];
        int to_line, from_line;
        const char *to_file = rk_xsym_line(&s, e->to_pc, &to_line);
        const char *from_file = rk_xsym_line(&s, e->from_pc, &from_line);
        char *to = rk_xsym_name(&s, e->to_kind, e->to_block, e->to);
        char *from = rk_xsym_name(&s, e->from_kind, e->from_block, e->from);
        rk_sb_printf(&out, "%sthread %d took %s at %s:%d while holding %s (taken at %s:%d)", i ? "; " : "",
                     e->thread, to, to_file, to_line, from, from_file, from_line);
        free(to);
        free(from);
    }
    if (r->cycle_len > r->n_cycle)
        rk_sb_printf(&out, " (%zu more)", r->cycle_len - r->n_cycle);
    rk_xsym_close(&s);
    return rk_sb_detach(&out);
}

int rk_explore_pause_text(const char *binary, const rk_xrun *r, rk_strbuf *out)
{
    rk_xsym_table s;
    thread_syms(binary, r, &s);
    int pick = -1;
    for (size_t i = 0; i < r->n_threads && pick < 0; i++) {
        const rk_xthread *t = &r->threads[i];
        int line;
        if (strcmp(t->state, "enabled") == 0 && is_kit_file(rk_xsym_line(&s, t->pc, &line)))
            pick = t->id;
    }
    if (pick < 0)
        thread_lines(&s, r, 0, "\n", out);
    rk_xsym_close(&s);
    return pick;
}
