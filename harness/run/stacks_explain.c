/* stacks_explain.c - who waits for whom, in a sentence (see stacks.h). */
#define _GNU_SOURCE
#include "stacks.h"
#include "stacks_gdb.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>

enum { MAX_SHOWN = 4 }; /* threads named in a summary without mutex waits */

/* gdb's thread with the tid `tid`, or NULL (also when gi is NULL). */
static const struct gthread *find_g(const struct gdb_info *gi, pid_t tid)
{
    for (int i = 0; gi && i < gi->n; i++)
        if (gi->threads[i].tid == tid)
            return &gi->threads[i];
    return NULL;
}

/* "the main thread", "thread 2" (creation order, runtime threads left out)
 * or, without gdb, "the thread with tid 5335". */
static void thread_name(const rk_thread_wait *t, int n, pid_t pid, const struct gdb_info *gi, pid_t tid,
                        char *out, size_t len)
{
    if (tid == pid) {
        snprintf(out, len, "the main thread");
        return;
    }
    if (gi == NULL || gi->n == 0) {
        snprintf(out, len, "the thread with tid %ld", (long)tid);
        return;
    }
    int number = 0;
    for (int i = 0; i < n && t[i].tid <= tid; i++) {
        const struct gthread *g = find_g(gi, t[i].tid);
        number += t[i].tid != pid && !(g && g->runtime);
    }
    snprintf(out, len, "thread %d", number);
}

/* "mutex `accounts+56`" when gdb named the symbol at `addr`, else "the
 * mutex at 0x..."; into out (len bytes). */
static void mutex_name(const struct gdb_info *gi, unsigned long addr, char *out, size_t len)
{
    for (int i = 0; gi && i < gi->n_sym; i++)
        if (gi->sym_addr[i] == addr) {
            snprintf(out, len, "mutex `%s`", gi->sym_name[i]);
            return;
        }
    snprintf(out, len, "the mutex at 0x%lx", addr);
}

/* The thread with the tid `tid` among the `n` in `t`, or NULL. */
static const rk_thread_wait *find_t(const rk_thread_wait *t, int n, pid_t tid)
{
    for (int i = 0; i < n; i++)
        if (t[i].tid == tid)
            return &t[i];
    return NULL;
}

/* 1 when following "waits for a mutex held by" from t[i] comes back to it. */
static int in_cycle(const rk_thread_wait *t, int n, int i)
{
    const rk_thread_wait *cur = &t[i];
    for (int steps = 0; steps < n && cur && cur->owner; steps++) {
        if (cur->owner == t[i].tid)
            return 1;
        cur = find_t(t, n, cur->owner);
    }
    return 0;
}

/* Does t wait for a mutex? With gdb's stack, only if it is in the lock. */
static int waits_for_mutex(const rk_thread_wait *t, const struct gdb_info *gi)
{
    const struct gthread *g = find_g(gi, t->tid);
    return t->owner != 0 && (g == NULL || g->in_lock);
}

/* Append to sb a clause for each thread waiting for a mutex ("thread 2
 * waits for mutex `b` held by thread 1 at unsafe.c:21"), joined by "; ";
 * set *cycle when one of those waits is part of a cycle. */
static void mutex_clauses(const rk_thread_wait *t, int n, pid_t pid, const struct gdb_info *gi,
                          rk_strbuf *sb, int *cycle)
{
    for (int i = 0; i < n; i++) {
        if (!waits_for_mutex(&t[i], gi))
            continue;
        char who[64], holder[64], mutex[128];
        thread_name(t, n, pid, gi, t[i].tid, who, sizeof who);
        thread_name(t, n, pid, gi, t[i].owner, holder, sizeof holder);
        mutex_name(gi, t[i].futex, mutex, sizeof mutex);
        const struct gthread *g = find_g(gi, t[i].tid);
        rk_sb_printf(sb, "%s%s waits for %s ", sb->len ? "; " : "", who, mutex);
        if (t[i].owner == t[i].tid)
            rk_sb_puts(sb, "that it already holds");
        else
            rk_sb_printf(sb, "held by %s", holder);
        if (g && g->where[0])
            rk_sb_printf(sb, " at %s", g->where);
        *cycle |= in_cycle(t, n, i);
    }
}

/* Without mutex waits: where the program's threads were. */
static void where_clauses(const rk_thread_wait *t, int n, pid_t pid, const struct gdb_info *gi, rk_strbuf *sb)
{
    int shown = 0;
    for (int i = 0; i < n && shown < MAX_SHOWN; i++) {
        const struct gthread *g = find_g(gi, t[i].tid);
        if (g == NULL || g->runtime || g->where[0] == '\0')
            continue;
        char who[64];
        thread_name(t, n, pid, gi, t[i].tid, who, sizeof who);
        if (t[i].state == 'R' || g->callee[0] == '\0')
            rk_sb_printf(sb, "%s%s was running in %s at %s", sb->len ? "; " : "", who, g->function, g->where);
        else
            rk_sb_printf(sb, "%s%s was waiting in %s at %s", sb->len ? "; " : "", who, g->callee, g->where);
        shown++;
    }
}

char *rk_explain_waits(const rk_thread_wait *threads, int n, pid_t pid,
                       const char *gdb_text, const char *variant)
{
    struct gdb_info *gi = NULL;
    if (gdb_text) {
        gi = rk_xmalloc(sizeof *gi);
        rk_stacks_parse_gdb(gdb_text, variant, gi);
    }
    rk_strbuf sb = RK_STRBUF_INIT;
    int cycle = 0;
    mutex_clauses(threads, n, pid, gi, &sb, &cycle);
    if (sb.len == 0 && gi)
        where_clauses(threads, n, pid, gi, &sb);
    free(gi);
    if (sb.len == 0) {
        rk_sb_free(&sb);
        return NULL;
    }
    if (cycle) {
        char *body = rk_sb_detach(&sb);
        rk_sb_printf(&sb, "deadlock: %s", body);
        free(body);
    }
    return rk_sb_detach(&sb);
}
