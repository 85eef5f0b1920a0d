/* rt_core.c - the scheduler's heart: the baton, each step (its choice by rt_choose.c),
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
    int next = rt_choose_next(enabled, count);
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
