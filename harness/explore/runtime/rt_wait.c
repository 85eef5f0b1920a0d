/* rt_wait.c - condition variables, semaphores and barriers (pthread's and
 * the TSan test-only barrier behind racekit_order_wait) under the
 * scheduler. A condvar wait is two steps: `wait` releases the mutex and
 * sleeps; `wake` takes the mutex back once signalled. There are no spurious
 * wakeups: a wakeup that is lost stays lost, and the scheduler reports the
 * deadlock. */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>

#define PC() ((uintptr_t)__builtin_return_address(0))

int __real_pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a);
int __real_pthread_cond_destroy(pthread_cond_t *c);
int __real_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int __real_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *t);
int __real_pthread_cond_signal(pthread_cond_t *c);
int __real_pthread_cond_broadcast(pthread_cond_t *c);
int __real_sem_init(sem_t *s, int pshared, unsigned value);
int __real_sem_destroy(sem_t *s);
int __real_sem_wait(sem_t *s);
int __real_sem_trywait(sem_t *s);
int __real_sem_timedwait(sem_t *s, const struct timespec *t);
int __real_sem_post(sem_t *s);
int __real_sem_getvalue(sem_t *s, int *v);
int __real_pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a, unsigned n);
int __real_pthread_barrier_destroy(pthread_barrier_t *b);
int __real_pthread_barrier_wait(pthread_barrier_t *b);

/* ---- condition variables ------------------------------------------------ */

int __wrap_pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
    return __real_pthread_cond_init(c, a);
}

int __wrap_pthread_cond_destroy(pthread_cond_t *c)
{
    return rt_controlled() ? 0 : __real_pthread_cond_destroy(c);
}

static int cond_wait(rt_thread *self, pthread_cond_t *c, pthread_mutex_t *m, int timed, uintptr_t pc)
{
    rt_obj *mo = rt_obj_find((uintptr_t)m);
    rt_step(self, RK_OP_WAIT, pc, (uintptr_t)c, (uintptr_t)m, 0);
    if (mo == NULL || mo->kind != RT_OBJ_MUTEX || mo->owner != self->id)
        return EPERM;
    int depth = mo->depth;
    mo->owner = -1, mo->depth = 0;
    self->signaled = 0;
    self->wait_seq = ++rt.wait_seq;
    self->timed = timed;
    rt_step(self, RK_OP_WAKE, pc, (uintptr_t)c, (uintptr_t)m, 0);
    int woken = self->signaled;
    self->signaled = 0;
    mo->owner = self->id, mo->depth = depth, mo->lock_pc = pc;
    if (timed)
        rt_tried(self, woken);
    return woken ? 0 : ETIMEDOUT;
}

int __wrap_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
    rt_thread *self = rt_controlled();
    return self ? cond_wait(self, c, m, 0, PC()) : __real_pthread_cond_wait(c, m);
}

int __wrap_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *t)
{
    rt_thread *self = rt_controlled();
    return self ? cond_wait(self, c, m, 1, PC()) : __real_pthread_cond_timedwait(c, m, t);
}

/* Wake the longest-waiting thread on `c` (all of them when `all`). */
static void wake_waiters(pthread_cond_t *c, int all)
{
    for (;;) {
        rt_thread *first = NULL;
        for (int i = 0; i < rt.n_threads; i++) {
            rt_thread *t = &rt.threads[i];
            if (t->used && !t->finished && t->op.op == RK_OP_WAKE && t->op.addr == (uintptr_t)c &&
                !t->signaled && (first == NULL || t->wait_seq < first->wait_seq))
                first = t;
        }
        if (first == NULL)
            return;
        first->signaled = 1;
        if (!all)
            return;
    }
}

int __wrap_pthread_cond_signal(pthread_cond_t *c)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_cond_signal(c);
    rt_step(self, RK_OP_SIGNAL, PC(), (uintptr_t)c, 0, 0);
    wake_waiters(c, 0);
    return 0;
}

int __wrap_pthread_cond_broadcast(pthread_cond_t *c)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_cond_broadcast(c);
    rt_step(self, RK_OP_BROADCAST, PC(), (uintptr_t)c, 0, 0);
    wake_waiters(c, 1);
    return 0;
}

/* ---- semaphores --------------------------------------------------------- */

/* A semaphore shared with other processes (pshared != 0) ends the
 * schedule: their posts and waits go to the real one (rt_unmodelled.c). */
int __wrap_sem_init(sem_t *s, int pshared, unsigned value)
{
    rt_thread *self = rt_controlled();
    if (self && pshared != 0)
        rt_unmodelled(self, PC(), "sem_init with pshared != 0 (a semaphore shared between processes)");
    int rc = __real_sem_init(s, pshared, value);
    if (rc == 0)
        rt_obj_get((uintptr_t)s, RT_OBJ_SEM)->value = (long)value;
    return rc;
}

int __wrap_sem_destroy(sem_t *s)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_sem_destroy(s);
    rt_obj *o = rt_obj_find((uintptr_t)s);
    if (o)
        o->kind = 0;
    return 0;
}

/* The model of semaphore `s`; one initialised before the schedule started
 * takes its value from the real one. */
static rt_obj *sem_of(sem_t *s)
{
    rt_obj *o = rt_obj_find((uintptr_t)s);
    if (o && o->kind == RT_OBJ_SEM)
        return o;
    int v = 0;
    __real_sem_getvalue(s, &v);
    o = rt_obj_get((uintptr_t)s, RT_OBJ_SEM);
    o->value = v;
    return o;
}

static int sem_step(sem_t *s, int try_only, int timed, uintptr_t pc)
{
    rt_thread *self = rt_controlled();
    rt_obj *o = sem_of(s);
    self->timed = try_only || timed;
    rt_step(self, RK_OP_SEM_WAIT, pc, (uintptr_t)s, 0, 0);
    int got = o->value > 0;
    if (try_only || timed)
        rt_tried(self, got);
    if (!got) {
        errno = try_only ? EAGAIN : ETIMEDOUT;
        return -1;
    }
    o->value--;
    return 0;
}

int __wrap_sem_wait(sem_t *s)
{
    return rt_controlled() ? sem_step(s, 0, 0, PC()) : __real_sem_wait(s);
}

int __wrap_sem_trywait(sem_t *s)
{
    return rt_controlled() ? sem_step(s, 1, 0, PC()) : __real_sem_trywait(s);
}

int __wrap_sem_timedwait(sem_t *s, const struct timespec *t)
{
    return rt_controlled() ? sem_step(s, 0, 1, PC()) : __real_sem_timedwait(s, t);
}

int __wrap_sem_post(sem_t *s)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_sem_post(s);
    rt_obj *o = sem_of(s);
    rt_step(self, RK_OP_SEM_POST, PC(), (uintptr_t)s, 0, 0);
    o->value++;
    return 0;
}

int __wrap_sem_getvalue(sem_t *s, int *v)
{
    if (rt_controlled() == NULL)
        return __real_sem_getvalue(s, v);
    *v = (int)sem_of(s)->value;
    return 0;
}

/* ---- barriers ----------------------------------------------------------- */

static void barrier_init(uintptr_t addr, unsigned count)
{
    rt_obj *o = rt_obj_get(addr, RT_OBJ_BARRIER);
    o->value = count ? count : 1;
    o->arrived = 0;
}

/* Arrive; the last of a round goes on at once (1), the others wait for the
 * round to end (0). */
static int barrier_step(rt_thread *self, uintptr_t addr, uintptr_t pc)
{
    rt_obj *o = rt_obj_find(addr);
    if (o == NULL || o->kind != RT_OBJ_BARRIER)
        rt_end(RT_END_LIMIT, "a barrier used before its init");
    rt_step(self, RK_OP_BARRIER, pc, addr, 0, 0);
    if (++o->arrived >= o->value) {
        o->arrived = 0;
        o->gen++;
        return 1;
    }
    self->wait_gen = o->gen;
    rt_step(self, RK_OP_PASS, pc, addr, 0, 0);
    return 0;
}

int __wrap_pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a, unsigned n)
{
    int rc = __real_pthread_barrier_init(b, a, n);
    if (rc == 0)
        barrier_init((uintptr_t)b, n);
    return rc;
}

int __wrap_pthread_barrier_destroy(pthread_barrier_t *b)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_barrier_destroy(b);
    rt_obj *o = rt_obj_find((uintptr_t)b);
    if (o)
        o->kind = 0;
    return 0;
}

int __wrap_pthread_barrier_wait(pthread_barrier_t *b)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_barrier_wait(b);
    return barrier_step(self, (uintptr_t)b, PC()) ? PTHREAD_BARRIER_SERIAL_THREAD : 0;
}

/* The TSan runtime's test-only barrier (racekit_order_wait under TSan): the
 * same barrier here. The word's width differs between runtimes; only its
 * address matters. */
void __tsan_testonly_barrier_init(unsigned long long *barrier, unsigned count)
{
    *barrier = count;
    barrier_init((uintptr_t)barrier, count);
}

void __tsan_testonly_barrier_wait(unsigned long long *barrier)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return; /* outside a schedule it orders nothing */
    barrier_step(self, (uintptr_t)barrier, PC());
}
