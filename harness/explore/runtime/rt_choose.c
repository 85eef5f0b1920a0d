/* rt_choose.c - the strategies' choice of the next step among the
 * threads that can run (see rt.h, rt_choose_next). */
#define _GNU_SOURCE
#include "rt.h"

#include <string.h>

/* Replay: the thread the schedule names; past its end, the previous thread
 * while it can run, else the lowest enabled one (no preemption). */
static int follow_next(const unsigned char *enabled)
{
    while (rt.follow_left == 0 && rt.follow_at < rt.n_follow)
        rt.follow_left = rt.follow[rt.follow_at++].count;
    if (rt.follow_left == 0) {
        if (rt.last >= 0 && enabled[rt.last])
            return rt.last;
        for (int i = 0; i < rt.n_threads; i++)
            if (enabled[i])
                return i;
        return -1;
    }
    rt.follow_left--;
    uint32_t t = rt.follow[rt.follow_at - 1].thread;
    if (t >= (uint32_t)rt.n_threads || !enabled[t]) {
        const char *why = t >= (uint32_t)rt.n_threads ? "does not exist"
                          : rt.threads[t].finished   ? "has finished"
                                                     : "is blocked";
        rt_end(RT_END_DIVERGED, "step %llu: the schedule runs thread %u, which %s here",
               (unsigned long long)rt.step, t, why);
    }
    return (int)t;
}

/* Step mode: the student's choice where several threads can run. */
static int choose_next(const unsigned char *enabled, int count)
{
    if (count == 1)
        for (int i = 0; i < rt.n_threads; i++)
            if (enabled[i])
                return i;
    if (rt.choice_at >= rt.n_choices) {
        rt.step--; /* not taken: the next run starts here */
        rt_end(RT_END_PAUSED, "choice %zu", rt.choice_at + 1);
    }
    uint32_t t = rt.choices[rt.choice_at++];
    if (t >= (uint32_t)rt.n_threads || !enabled[t])
        rt_end(RT_END_DIVERGED, "choice %zu: thread %u cannot run now", rt.choice_at, t);
    return (int)t;
}

static int pct_next(const unsigned char *enabled)
{
    int64_t prio;
    if (rt.last >= 0) {
        rt_thread *prev = &rt.threads[rt.last];
        if (rk_pct_at_step(&rt.pct, rt.visible, &prio))
            prev->prio = prio;
        if (rt_spinning(prev)) { /* spinning: let the others run */
            prev->prio = rk_pct_demote(&rt.pct);
            prev->quiet = 0;
            prev->tries = 0;
        }
    }
    int64_t prios[RT_MAX_THREADS];
    for (int i = 0; i < rt.n_threads; i++)
        prios[i] = rt.threads[i].prio;
    return rk_pick_highest(prios, enabled, rt.n_threads);
}

/* A random walk that spends its switches where threads meet: at a
 * synchronisation step any enabled thread may go next; at a plain memory
 * access the running thread usually goes on. A deadlock of n threads needs
 * n switches right after a lock, which a walk that switches at every
 * access rarely keeps up to the end. So a thread about to take a lock
 * while it holds one (the shape of every lock-order deadlock) waits while
 * another can go, preferably one that is not about to do the same: the
 * nested acquisitions come last, when every first lock is taken. */
static int nested_lock(int id)
{
    uint8_t op = rt.threads[id].op.op;
    return (op == RK_OP_LOCK || op == RK_OP_WRLOCK || op == RK_OP_RDLOCK) && rt_holds_lock(id);
}

static int sync_next(const unsigned char *enabled)
{
    if (rt.last >= 0 && enabled[rt.last]) {
        uint8_t op = rt.threads[rt.last].op.op;
        int access = op >= RK_OP_READ && op <= RK_OP_ATOMIC_RMW;
        if (access && rk_rng_below(&rt.rng, RT_SYNC_ACCESS_ODDS) != 0)
            return rt.last;
    }
    unsigned char plain[RT_MAX_THREADS];
    int n = 0;
    for (int i = 0; i < rt.n_threads; i++)
        n += plain[i] = enabled[i] && !nested_lock(i);
    return rk_pick_random(&rt.rng, n > 0 ? plain : enabled, rt.n_threads);
}

/* The release walk: the bugs of lock-based code show where a thread lets
 * go of something - between two critical sections, after a post or a
 * signal - while the others are where their creator left them. So a thread
 * runs on through creates and accesses, and a switch comes only where it
 * blocks, ends, yields or spins (any enabled thread then, uniformly) or
 * right after a release (at even odds). Unlike the walks above, which
 * switch at every synchronisation step, main creates all its threads
 * before they run, so one thread among a hundred meeting another half-way
 * is a 1-in-n choice, not a race against main (ci/published-bugs/order/
 * twostage-100). */
static int release_next(const unsigned char *enabled)
{
    if (rt.last >= 0 && enabled[rt.last]) {
        rt_thread *prev = &rt.threads[rt.last];
        uint8_t op = rt.last_op;
        int released = op == RK_OP_UNLOCK || op == RK_OP_RWUNLOCK || op == RK_OP_SEM_POST ||
                       op == RK_OP_SIGNAL || op == RK_OP_BROADCAST;
        int yielded = op == RK_OP_YIELD || op == RK_OP_SLEEP || rt_spinning(prev);
        if (!yielded && !(released && rk_rng_below(&rt.rng, 2) == 0))
            return rt.last;
    }
    return rk_pick_random(&rt.rng, enabled, rt.n_threads);
}

int rt_choose_next(const unsigned char *enabled, int count)
{
    int next;
    switch (rt.strategy) {
    case RT_FOLLOW: next = follow_next(enabled); break;
    case RT_CHOOSE: next = choose_next(enabled, count); break;
    case RT_RANDOM: next = rk_pick_random(&rt.rng, enabled, rt.n_threads); break;
    case RT_SYNC: next = sync_next(enabled); break;
    case RT_RELEASE: next = release_next(enabled); break;
    case RT_BOUNDED:
        next = rt_bounded_next(enabled);
        if (next == -1)
            rt_end(RT_END_DIVERGED, "choice point %llu: the thread the search chose cannot run (the program "
                   "does not repeat itself)", (unsigned long long)rt.visible);
        if (next == -2 && rt_cfg.strategy < 0) { /* mix: the walk takes over */
            rt.shm->bounded_refused = 1;
            rt.strategy = RT_RELEASE;
            next = release_next(enabled);
        } else if (next == -2) {
            rt_end(RT_END_LIMIT, "the bounded search takes programs of at most %d threads", RT_BOUNDED_THREADS);
        }
        break;
    default: next = pct_next(enabled); break;
    }
    return next;
}
