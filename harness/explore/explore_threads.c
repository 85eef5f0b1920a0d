/* explore_threads.c - what each thread was doing when a schedule ended or
 * paused, in words: its next step, and for a blocked thread what it waits
 * for, who holds it and where it was taken; the edges of a lock-order
 * cycle (see explore.h, timeline.h). */
#define _GNU_SOURCE
#include "explore.h"
#include "runtime/explore_proto.h"
#include "timeline.h"

#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[] = RK_OP_NAMES;

const char *rk_xop_name(int op)
{
    return op >= 0 && op < RK_OP_COUNT ? op_names[op] : "?";
}

int rk_xkit_file(const char *file)
{
    return strcmp(file, "racekit.h") == 0;
}

const rk_xstep *rk_xlocal_first(const rk_xrun *r, uint64_t addr)
{
    for (size_t i = 0; i < r->n_steps; i++) {
        const rk_xstep *st = &r->steps_v[i];
        if (st->kind == 'o' && addr >= st->addr && addr < st->addr + (st->size ? st->size : 1))
            return st;
        if (st->obj_kind == 'o' && st->obj == addr)
            return st;
    }
    return NULL;
}

char *rk_xplace_name(const rk_xsym_table *s, const rk_xrun *r, char kind, uint32_t block, uint64_t addr)
{
    const rk_xstep *first = kind == 'o' ? rk_xlocal_first(r, addr) : NULL;
    if (first == NULL)
        return rk_xsym_name(s, kind, block, addr);
    int line;
    const char *file = rk_xsym_line(s, first->pc, &line), *fn = rk_xsym_function(s, first->pc);
    if (line == 0)
        return rk_xasprintf("a local first used by thread %d", first->thread);
    return fn ? rk_xasprintf("a local first used by thread %d in %s() at %s:%d", first->thread, fn, file, line)
              : rk_xasprintf("a local first used by thread %d at %s:%d", first->thread, file, line);
}

/* The last condvar wait step thread `id` took (its mutex is the step's
 * object), or NULL when the trace does not hold one. */
static const rk_xstep *last_wait(const rk_xrun *r, int id)
{
    for (size_t i = r->n_steps; i-- > 0;)
        if (r->steps_v[i].thread == id && r->steps_v[i].op == RK_OP_WAIT)
            return &r->steps_v[i];
    return NULL;
}

/* Symbols for the threads' next steps, the places their holders took what
 * they wait for and where the locals they touch were first used: one
 * symbolizer pass for all of them. */
static void thread_syms(const char *binary, const rk_xrun *r, rk_xsym_table *s)
{
    uint64_t *pcs = rk_xcalloc(5 * r->n_threads + 1, sizeof *pcs);
    size_t n = 0;
    for (size_t i = 0; i < r->n_threads; i++) {
        const rk_xthread *t = &r->threads[i];
        const rk_xstep *w = last_wait(r, t->id), *first = t->kind == 'o' ? rk_xlocal_first(r, t->addr) : NULL;
        const rk_xstep *mfirst = w && w->obj_kind == 'o' ? rk_xlocal_first(r, w->obj) : NULL;
        pcs[n++] = t->pc, pcs[n++] = t->holder_pc;
        pcs[n++] = first ? first->pc : 0, pcs[n++] = mfirst ? mfirst->pc : 0;
    }
    rk_xsym_open(s, binary, pcs, n);
    free(pcs);
}

/* The thread with id `id`, or NULL. */
static const rk_xthread *thread_of(const rk_xrun *r, int id)
{
    for (size_t i = 0; i < r->n_threads; i++)
        if (r->threads[i].id == id)
            return &r->threads[i];
    return NULL;
}

/* ", held by thread 2 (taken at unsafe.c:26)" for a lock thread t waits
 * for; the holder may be t itself or a thread that has finished. */
static void holder_text(const rk_xsym_table *s, const rk_xrun *r, const rk_xthread *t, rk_strbuf *out)
{
    int line;
    const char *file = rk_xsym_line(s, t->holder_pc, &line);
    const rk_xthread *h = thread_of(r, t->holder);
    if (t->holder == t->id)
        rk_sb_puts(out, ", which it already holds");
    else if (h && strcmp(h->state, "finished") == 0)
        rk_sb_printf(out, ", held by thread %d, which finished without unlocking it", t->holder);
    else
        rk_sb_printf(out, ", held by thread %d", t->holder);
    if (line > 0)
        rk_sb_printf(out, " (taken at %s:%d)", file, line);
}

/* A thread in a condvar wait (its step is `wake`: take the mutex back once
 * signalled): "wait `c` (released `m`): not signalled", or once signalled
 * "woken on `c`, takes back `m`" and who holds `m`. */
static void wake_text(const rk_xsym_table *s, const rk_xrun *r, const rk_xthread *t, int blocked,
                      rk_strbuf *out)
{
    const rk_xstep *w = last_wait(r, t->id);
    char *cv = rk_xplace_name(s, r, t->kind, t->block, t->addr);
    char *m = w ? rk_xplace_name(s, r, w->obj_kind, w->obj_block, w->obj) : NULL;
    if (blocked && t->holder < 0) {
        rk_sb_printf(out, "wait `%s`", cv);
        if (m)
            rk_sb_printf(out, " (released `%s`)", m);
        rk_sb_puts(out, ": not signalled");
    } else {
        rk_sb_printf(out, "woken on `%s`", cv);
        if (m)
            rk_sb_printf(out, ", takes back `%s`", m);
        if (blocked)
            holder_text(s, r, t, out);
    }
    free(cv);
    free(m);
}

/* What blocked thread t's step waits for, after its operation and place:
 * the holder of a lock, the thread it joins, the count or the others. */
static void blocked_text(const rk_xsym_table *s, const rk_xrun *r, const rk_xthread *t, rk_strbuf *out)
{
    if (t->op == RK_OP_JOIN && t->holder >= 0)
        rk_sb_printf(out, ", waits for thread %d to finish", t->holder);
    else if (t->holder >= 0)
        holder_text(s, r, t, out);
    else if (t->op == RK_OP_WRLOCK)
        rk_sb_puts(out, ", held for reading by other threads");
    else if (t->op == RK_OP_RDLOCK)
        rk_sb_puts(out, ", which turns readers away while a writer waits");
    else if (t->op == RK_OP_SEM_WAIT)
        rk_sb_puts(out, ": its count is 0");
    else if (t->op == RK_OP_PASS)
        rk_sb_puts(out, ": waits for the other threads to arrive");
}

/* One line per thread (only the blocked ones with only_blocked), each
 * ended by `end`: its number, state and next step (for the thread the
 * watch found running, the last it took), for a blocked thread what keeps
 * it there. */
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
        int line;
        const char *file = rk_xsym_line(s, t->pc, &line);
        const char *state = blocked ? "blocked" : running ? "running, last step" : "can run";
        rk_sb_printf(out, "thread %d%s %s at %s:%d: ", t->id, t->id ? "" : " (main)", state, file, line);
        if (t->op == RK_OP_WAKE) {
            wake_text(s, r, t, blocked, out);
        } else {
            /* A thread about to start or join names no location. */
            char *name = t->op >= RK_OP_CREATE ? rk_xstrdup("") : rk_xplace_name(s, r, t->kind, t->block, t->addr);
            rk_sb_printf(out, "%s%s%s%s", rk_xop_name(t->op), *name ? " `" : "", name, *name ? "`" : "");
            free(name);
            if (blocked)
                blocked_text(s, r, t, out);
        }
        rk_sb_puts(out, end);
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
        if (strcmp(t->state, "enabled") == 0 && rk_xkit_file(rk_xsym_line(&s, t->pc, &line)))
            pick = t->id;
    }
    if (pick < 0)
        thread_lines(&s, r, 0, "\n", out);
    rk_xsym_close(&s);
    return pick;
}
