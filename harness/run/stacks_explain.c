/* stacks_explain.c - who waits for whom, in a sentence (see stacks.h). */
#define _GNU_SOURCE
#include "stacks.h"
#include "stacks_gdb.h"
#include "read/symbolize.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* gdb's "accounts+56" for the process `pid` as C writes it,
 * "accounts[1].lock", from its executable's debug information
 * (symbolize.h); gdb's own name when that says nothing. Caller frees. */
static char *c_name(pid_t pid, const char *gdb_name)
{
    const char *plus = strchr(gdb_name, '+');
    char *symbol = plus ? rk_xstrndup(gdb_name, (size_t)(plus - gdb_name)) : rk_xstrdup(gdb_name);
    char *exe = rk_xasprintf("/proc/%ld/exe", (long)pid);
    rk_symbolizer *s = rk_sym_available() ? rk_sym_new() : NULL;
    char *name = s ? rk_sym_data_named(s, exe, symbol, plus ? strtoull(plus + 1, NULL, 10) : 0) : NULL;
    rk_sym_free(s);
    free(exe);
    free(symbol);
    return name ? name : rk_xstrdup(gdb_name);
}

/* "mutex `accounts[1].lock`" when gdb named the symbol at `addr`, else
 * "the mutex at 0x..."; into out (len bytes). */
static void mutex_name(const struct gdb_info *gi, pid_t pid, unsigned long addr, char *out, size_t len)
{
    for (int i = 0; gi && i < gi->n_sym; i++)
        if (gi->sym_addr[i] == addr) {
            char *name = c_name(pid, gi->sym_name[i]);
            snprintf(out, len, "mutex `%s`", name);
            free(name);
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
 * waits at unsafe.c:21 for mutex `b`, held by thread 1"), joined by "; ";
 * set *cycle when one of those waits is part of a cycle. Where the holder
 * took it no stack says (racekit's scheduler does, in its own line). */
static void mutex_clauses(const rk_thread_wait *t, int n, pid_t pid, const struct gdb_info *gi,
                          rk_strbuf *sb, int *cycle)
{
    for (int i = 0; i < n; i++) {
        if (!waits_for_mutex(&t[i], gi))
            continue;
        char who[64], holder[64], mutex[128];
        thread_name(t, n, pid, gi, t[i].tid, who, sizeof who);
        thread_name(t, n, pid, gi, t[i].owner, holder, sizeof holder);
        mutex_name(gi, pid, t[i].futex, mutex, sizeof mutex);
        const struct gthread *g = find_g(gi, t[i].tid);
        rk_sb_printf(sb, "%s%s waits", sb->len ? "; " : "", who);
        if (g && g->where[0])
            rk_sb_printf(sb, " at %s", g->where);
        rk_sb_printf(sb, " for %s, ", mutex);
        if (t[i].owner == t[i].tid)
            rk_sb_puts(sb, "which it already holds");
        else
            rk_sb_printf(sb, "held by %s", holder);
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
