/* rt_core.c - the scheduler's heart: the baton, the choice of each step,
 * and the ends the scheduler sees itself (deadlock, livelock, a schedule
 * that does not fit). See rt.h. */
#define _GNU_SOURCE
#include "rt.h"

#include <linux/futex.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ---- the baton ---------------------------------------------------------- */

/* Spin a little before sleeping: a switch between two threads on two
 * cores then costs well under a microsecond instead of two futex calls,
 * which is what makes a random walk (a switch at most steps) affordable.
 * The giver wakes the kernel only when the waiter said it sleeps; both
 * sides use sequentially consistent order, so either the giver sees
 * `asleep` or the waiter's FUTEX_WAIT sees the baton (and returns). */
enum { SPIN_TURNS = 2000 };

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

void rt_wait_turn(rt_thread *t)
{
    for (int i = 0; i < SPIN_TURNS; i++) {
        if (atomic_load_explicit(&t->turn, memory_order_acquire) != 0)
            goto taken;
        cpu_relax();
    }
    atomic_store(&t->asleep, 1);
    while (atomic_load(&t->turn) == 0)
        syscall(SYS_futex, &t->turn, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    atomic_store(&t->asleep, 0);
taken:
    atomic_store_explicit(&t->turn, 0, memory_order_relaxed);
}

static void give_turn(rt_thread *t)
{
    atomic_store(&t->turn, 1);
    if (atomic_load(&t->asleep))
        syscall(SYS_futex, &t->turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* ---- threads ------------------------------------------------------------ */

rt_thread *rt_thread_new(void)
{
    if (rt.n_threads >= RT_MAX_THREADS)
        rt_end(RT_END_LIMIT, "more than %d threads", RT_MAX_THREADS);
    rt_thread *t = &rt.threads[rt.n_threads];
    memset(t, 0, sizeof *t);
    t->id = rt.n_threads++;
    t->used = 1;
    t->prio = rk_pct_priority(&rt.pct);
    return t;
}

rt_thread *rt_thread_of(pthread_t handle)
{
    for (int i = rt.n_threads - 1; i >= 0; i--)
        if (rt.threads[i].used && !rt.threads[i].joined && pthread_equal(rt.threads[i].handle, handle))
            return &rt.threads[i];
    return NULL;
}

void rt_begin(void)
{
    rt_thread *t = rt_thread_new();
    t->tid = (pid_t)syscall(SYS_gettid);
    t->handle = pthread_self();
    t->op.op = RK_OP_START;
    rt_self = t;
    rt.running = t->id;
    rt.last = -1;
    if (rt.shm)
        atomic_store(&rt.shm->running_tid, t->tid);
    rt.active = 1;
}

rt_thread *rt_controlled(void)
{
    rt_thread *t = rt_self;
    if (!rt.active)
        return NULL;
    if (t == NULL)
        rt_end(RT_END_FOREIGN, "a thread the scheduler did not start made a step");
    if (t->finished || t->id != rt.running)
        return NULL;
    return t;
}

/* ---- choosing the next step --------------------------------------------- */

/* Whether the step decided now is a thread's own pick (several could run). */
static int count_enabled(unsigned char *enabled)
{
    int count = 0;
    for (int i = 0; i < rt.n_threads; i++) {
        enabled[i] = (unsigned char)rt_enabled(&rt.threads[i]);
        count += enabled[i];
        if (enabled[i])
            rt.threads[i].enabled_at = rt.step;
    }
    return count;
}

static int live_threads(void)
{
    int live = 0;
    for (int i = 0; i < rt.n_threads; i++)
        live += rt.threads[i].used && !rt.threads[i].finished;
    return live;
}

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

/* The watch gave up on the schedule (it is slow): record what the
 * threads do now, the caller running, and end. */
static void __attribute__((noreturn)) halt(void)
{
    rt.active = 0;
    rt_snapshot_running();
    fflush(NULL);
    _exit(0);
}

/* Count one more step; the step's thread is recorded by record_step. */
static void count_step(void)
{
    if (atomic_load_explicit(&rt.shm->halt, memory_order_relaxed))
        halt();
    rt.step++;
    atomic_store_explicit(&rt.shm->steps, rt.step, memory_order_relaxed);
    if (rt.step > rt.max_steps)
        rt_end(RT_END_LIVELOCK, "more than %llu steps", (unsigned long long)rt.max_steps);
}

/* Thread `next` performs the step just counted: add it to the schedule. */
static void record_step(int next)
{
    size_t n = (size_t)rt.shm->n_runs;
    if (rk_sched_push(rt.shm->runs, &n, RT_MAX_RUNS, (uint32_t)next) < 0)
        rt_end(RT_END_LIMIT, "the schedule has more than %d context switches", RT_MAX_RUNS);
    rt.shm->n_runs = n;
}

/* Decide the next step; never returns -1 while a thread is alive. */
static int decide(void)
{
    unsigned char enabled[RT_MAX_THREADS];
    int count = count_enabled(enabled);
    if (count == 0) {
        if (live_threads() == 0)
            return -1;
        rt_end(RT_END_DEADLOCK, "every live thread is blocked");
    }
    count_step();
    rt.visible++;
    rt.shm->visible = rt.visible;
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
    record_step(next);
    return next;
}

/* Bookkeeping once `t` is chosen: spin detection, the trace, the watch. */
static void chosen(rt_thread *t)
{
    uint8_t op = t->op.op;
    if (op == RK_OP_READ || op == RK_OP_ATOMIC_LOAD)
        t->quiet++;
    else
        t->quiet = 0;
    t->timed = 0; /* the step is taken: it did or did not time out */
    rt.last = t->id;
    rt.last_op = op;
    rt.running = t->id;
    if (rt.trace)
        rt_trace_step(t);
    atomic_store_explicit(&rt.shm->running_tid, t->tid, memory_order_relaxed);
    atomic_store_explicit(&rt.shm->running_id, t->id, memory_order_relaxed);
    atomic_store_explicit(&rt.shm->running_pc, t->op.pc, memory_order_relaxed);
}

void rt_step(rt_thread *self, uint8_t op, uintptr_t pc, uintptr_t addr, uintptr_t obj, uint32_t size)
{
    self->op.op = op;
    self->op.pc = pc;
    self->op.addr = addr;
    self->op.obj = obj;
    self->op.size = size;
    int next = decide();
    rt_thread *t = &rt.threads[next];
    chosen(t);
    if (t != self) {
        give_turn(t);
        rt_wait_turn(self);
    }
}

void rt_access_step(rt_thread *self, uint8_t op, uintptr_t pc, uintptr_t addr, uint32_t size)
{
    int exploring = rt.strategy == RT_PCT || rt.strategy == RT_RANDOM || rt.strategy == RT_SYNC ||
                    rt.strategy == RT_BOUNDED || rt.strategy == RT_RELEASE;
    /* A spin on memory no other thread has touched yet must still let the
     * others run: past RT_SPIN_STEPS quiet steps every access counts. */
    if (!exploring || self->quiet >= RT_SPIN_STEPS || rt_access_shared(self->id, pc, addr, size)) {
        rt_step(self, op, pc, addr, 0, size);
        return;
    }
    self->op.op = op;
    self->op.pc = pc;
    self->op.addr = addr;
    self->op.obj = 0;
    self->op.size = size;
    count_step();
    record_step(self->id);
    chosen(self);
}

void rt_leave(rt_thread *self)
{
    self->finished = 1;
    int next = decide();
    if (next < 0)
        return;
    rt_thread *t = &rt.threads[next];
    chosen(t);
    give_turn(t);
}

void rt_tried(rt_thread *self, int got)
{
    if (got) {
        self->tries = self->failed = 0;
        return;
    }
    if (self->failed++ == 0)
        self->failing_since = rt.step;
    self->tries++;
    if (self->failed < RT_LIVELOCK_TRIES)
        return;
    char who[256];
    int n = rt_livelocked(who, sizeof who);
    if (n == 1)
        rt_end(RT_END_LIVELOCK, "thread %s failed %d tries in a row while every other thread was blocked: "
               "what it tries to take is never let go", who, RT_LIVELOCK_TRIES);
    if (n > 1)
        rt_end(RT_END_LIVELOCK, "threads %s took turns and each failed %d tries in a row, every other thread "
               "blocked: each backs off and tries again while another holds what it wants", who,
               RT_LIVELOCK_TRIES);
}

void rt_yielded(rt_thread *self)
{
    if (rt.strategy == RT_PCT)
        self->prio = rk_pct_demote(&rt.pct);
}

void rt_end(int end, const char *fmt, ...)
{
    rt.active = 0;
    if (rt.shm) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(rt.shm->detail, sizeof rt.shm->detail, fmt, ap);
        va_end(ap);
        rt_snapshot();
        rt.shm->end = end;
    }
    fflush(NULL); /* what the program printed so far reaches the harness */
    _exit(0);
}
