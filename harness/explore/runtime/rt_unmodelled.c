/* rt_unmodelled.c - the pthread calls the scheduler does not model. Each
 * would make a schedule do something the model cannot follow, so it ends
 * the schedule at once (RT_END_UNMODELLED): the variant is then not judged,
 * never judged by a model that went wrong (a cancelled thread seen as a
 * deadlock, a lost mutex seen as a hang somewhere else).
 *
 * Decided call by call:
 * - pthread_cancel ends the schedule. Modelling it would mean acting on the
 *   request at every cancellation point - the modelled waits, but also
 *   read, write, printf and dozens more that the scheduler never sees -
 *   and running the cleanup handlers as steps while the thread unwinds
 *   (a condvar wait takes its mutex back first). Not simple, so not sound.
 * - pthread_kill to another thread ends the schedule: its handler would
 *   run on that thread at a moment of the kernel's choosing, beside the
 *   thread that holds the baton, and no schedule would replay. Signal 0
 *   (is the thread there?) and a signal to oneself (delivered before the
 *   call returns, like raise) are deterministic and go to the real call.
 * - pthread_cleanup_push/pop are macros; in C without -fexceptions glibc's
 *   call __pthread_register_cancel and __pthread_unregister_cancel (the
 *   _defer/_restore pair for the _np forms), counted here per thread. A
 *   handler that pop(1) runs is ordinary code, under the schedule. But
 *   pthread_exit with a handler pushed would run it while the thread
 *   unwinds, after the thread has left the schedule, so that ends it
 *   (rt_exit_unwinds). With -fexceptions the macros call nothing: not seen.
 * - pthread_setcancelstate, pthread_setcanceltype and pthread_testcancel
 *   are not wrapped: they only matter once a cancel is pending, and none
 *   can be while a schedule runs.
 * - The clock and _np forms of the waits (pthread_mutex_clocklock,
 *   pthread_cond_clockwait, pthread_rwlock_clockrdlock/clockwrlock,
 *   sem_clockwait, pthread_timedjoin_np, pthread_tryjoin_np) end the
 *   schedule: they would go to the real objects, which the model owns
 *   while a schedule runs, and no step would say who waits for what.
 * - A semaphore another process can post: sem_init with pshared != 0
 *   (rt_wait.c) and sem_open end the schedule. The model keeps a
 *   semaphore's count in this process; a post from another process would
 *   go to the real semaphore, unseen, and a wait for it would look like a
 *   deadlock.
 * - pthread_sigmask is not wrapped: a thread's own mask changes no other
 *   thread's step. sigwait is not wrapped either: with the signal pending
 *   it returns at once, which is right; else the thread blocks in
 *   rt_sigtimedwait holding the baton and the schedule ends `stuck`,
 *   naming that system call (also not judged). */
#define _GNU_SOURCE
#include "rt.h"

#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/types.h>
#include <time.h>

#define PC() ((uintptr_t)__builtin_return_address(0))

int __real_pthread_cancel(pthread_t t);
int __real_pthread_kill(pthread_t t, int sig);
void __real___pthread_register_cancel(void *buf);
void __real___pthread_unregister_cancel(void *buf);
void __real___pthread_register_cancel_defer(void *buf);
void __real___pthread_unregister_cancel_restore(void *buf);
int __real_pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t c, const struct timespec *at);
int __real_pthread_cond_clockwait(pthread_cond_t *cv, pthread_mutex_t *m, clockid_t c, const struct timespec *at);
int __real_pthread_rwlock_clockrdlock(pthread_rwlock_t *l, clockid_t c, const struct timespec *at);
int __real_pthread_rwlock_clockwrlock(pthread_rwlock_t *l, clockid_t c, const struct timespec *at);
int __real_sem_clockwait(sem_t *s, clockid_t c, const struct timespec *at);
int __real_pthread_timedjoin_np(pthread_t t, void **ret, const struct timespec *at);
int __real_pthread_tryjoin_np(pthread_t t, void **ret);

/* Cleanup handlers pushed, per thread id. Each schedule is a fresh fork of
 * a process that never ran main, so every count starts at 0. */
static int pushed[RT_MAX_THREADS];

void rt_unmodelled(rt_thread *self, uintptr_t pc, const char *what)
{
    self->op.op = RK_OP_NONE;
    self->op.pc = pc;
    rt_end(RT_END_UNMODELLED, "%d %llx calls %s, which racekit's scheduler does not model", self->id,
           (unsigned long long)rt_elf_pc(pc), what);
}

void rt_exit_unwinds(rt_thread *self, uintptr_t pc)
{
    if (pushed[self->id] > 0)
        rt_unmodelled(self, pc, "pthread_exit with a cleanup handler pushed (pthread_cleanup_push)");
}

int __wrap_pthread_cancel(pthread_t t)
{
    rt_thread *self = rt_controlled();
    if (self)
        rt_unmodelled(self, PC(), "pthread_cancel");
    return __real_pthread_cancel(t);
}

int __wrap_pthread_kill(pthread_t t, int sig)
{
    rt_thread *self = rt_controlled();
    if (self && sig != 0 && !pthread_equal(t, pthread_self()))
        rt_unmodelled(self, PC(), "pthread_kill with a signal for another thread");
    return __real_pthread_kill(t, sig);
}

/* The count follows the thread itself (rt_self), baton or not, so that a
 * push and its pop always pair up. */
static void count_push(int by)
{
    rt_thread *t = rt.active ? rt_self : NULL;
    if (t && t->id >= 0 && t->id < RT_MAX_THREADS)
        pushed[t->id] += by;
}

void __wrap___pthread_register_cancel(void *buf)
{
    count_push(1);
    __real___pthread_register_cancel(buf);
}

void __wrap___pthread_unregister_cancel(void *buf)
{
    count_push(-1);
    __real___pthread_unregister_cancel(buf);
}

void __wrap___pthread_register_cancel_defer(void *buf)
{
    count_push(1);
    __real___pthread_register_cancel_defer(buf);
}

void __wrap___pthread_unregister_cancel_restore(void *buf)
{
    count_push(-1);
    __real___pthread_unregister_cancel_restore(buf);
}

/* The waits the model has no step for: the call, named, ends the schedule. */
#define UNMODELLED_WAIT(name, params, args)                                            \
    int __wrap_##name params                                                          \
    {                                                                                 \
        rt_thread *self = rt_controlled();                                            \
        if (self)                                                                     \
            rt_unmodelled(self, PC(), #name);                                         \
        return __real_##name args;                                                    \
    }
UNMODELLED_WAIT(pthread_mutex_clocklock, (pthread_mutex_t *m, clockid_t c, const struct timespec *at), (m, c, at))
UNMODELLED_WAIT(pthread_cond_clockwait, (pthread_cond_t *cv, pthread_mutex_t *m, clockid_t c, const struct timespec *at),
                (cv, m, c, at))
UNMODELLED_WAIT(pthread_rwlock_clockrdlock, (pthread_rwlock_t *l, clockid_t c, const struct timespec *at), (l, c, at))
UNMODELLED_WAIT(pthread_rwlock_clockwrlock, (pthread_rwlock_t *l, clockid_t c, const struct timespec *at), (l, c, at))
UNMODELLED_WAIT(sem_clockwait, (sem_t *s, clockid_t c, const struct timespec *at), (s, c, at))
UNMODELLED_WAIT(pthread_timedjoin_np, (pthread_t t, void **ret, const struct timespec *at), (t, ret, at))
UNMODELLED_WAIT(pthread_tryjoin_np, (pthread_t t, void **ret), (t, ret))

/* sem_open takes a mode and a value only with O_CREAT. */
sem_t *__real_sem_open(const char *name, int oflag, ...);

sem_t *__wrap_sem_open(const char *name, int oflag, ...)
{
    rt_thread *self = rt_controlled();
    if (self)
        rt_unmodelled(self, PC(), "sem_open (a named semaphore, which other processes can post)");
    if ((oflag & O_CREAT) == 0)
        return __real_sem_open(name, oflag);
    va_list ap;
    va_start(ap, oflag);
    mode_t mode = va_arg(ap, mode_t);
    unsigned value = va_arg(ap, unsigned);
    va_end(ap);
    return __real_sem_open(name, oflag, mode, value);
}
