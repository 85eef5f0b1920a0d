/* rt_thread.c - thread creation, join, detach and exit, yields and sleeps
 * (which do not sleep: time is the scheduler's), and fork, under the
 * scheduler. */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PC() ((uintptr_t)__builtin_return_address(0))

int __real_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
int __real_pthread_join(pthread_t t, void **ret);
int __real_pthread_detach(pthread_t t);
void __real_pthread_exit(void *ret) __attribute__((noreturn));
int __real_sched_yield(void);
unsigned __real_sleep(unsigned s);
int __real_usleep(useconds_t us);
int __real_nanosleep(const struct timespec *req, struct timespec *rem);
int __real_clock_nanosleep(clockid_t c, int flags, const struct timespec *req, struct timespec *rem);
pid_t __real_fork(void);

/* A thread's last step: finish, wake its joiner, pass the baton on. */
static void finish(rt_thread *self, void *ret, uintptr_t pc)
{
    rt_step(self, RK_OP_EXIT, pc, 0, 0, 0);
    self->ret = ret;
    rt_leave(self);
}

static void *trampoline(void *p)
{
    rt_thread *t = p;
    rt_self = t;
    t->tid = (pid_t)syscall(SYS_gettid);
    /* Wait for the first turn: the START step chosen for this thread. */
    rt_wait_turn(t);
    atomic_store(&rt.shm->running_tid, t->tid);
    void *ret = t->fn(t->arg);
    if (rt.active && !t->finished)
        finish(t, ret, 0);
    return ret;
}

int __wrap_pthread_create(pthread_t *thr, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_create(thr, a, fn, arg);
    uintptr_t pc = PC();
    rt_step(self, RK_OP_CREATE, pc, 0, 0, 0);
    rt_thread *t = rt_thread_new();
    t->fn = fn;
    t->arg = arg;
    t->created_pc = pc;
    t->op.op = RK_OP_START;
    t->op.pc = pc;
    int detached = 0;
    if (a)
        pthread_attr_getdetachstate(a, &detached);
    t->detached = detached == PTHREAD_CREATE_DETACHED;
    int rc = __real_pthread_create(&t->handle, a, trampoline, t);
    if (rc != 0) {
        t->used = 0, t->finished = 1;
        return rc;
    }
    *thr = t->handle;
    return 0;
}

int __wrap_pthread_join(pthread_t thr, void **ret)
{
    rt_thread *self = rt_controlled();
    rt_thread *t = self ? rt_thread_of(thr) : NULL;
    if (t == NULL)
        return __real_pthread_join(thr, ret);
    if (t == self)
        return EDEADLK;
    if (t->detached)
        return EINVAL;
    self->op.arg = t->id;
    rt_step(self, RK_OP_JOIN, PC(), 0, 0, 0);
    if (ret)
        *ret = t->ret;
    t->joined = 1;
    /* The thread has finished and is only returning: this waits for its
     * end in real time, outside any step. */
    __real_pthread_join(thr, NULL);
    return 0;
}

int __wrap_pthread_detach(pthread_t thr)
{
    rt_thread *self = rt_controlled();
    rt_thread *t = self ? rt_thread_of(thr) : NULL;
    if (t)
        t->detached = 1;
    return __real_pthread_detach(thr);
}

void __wrap_pthread_exit(void *ret)
{
    rt_thread *self = rt_controlled();
    if (self) {
        rt_exit_unwinds(self, PC());
        finish(self, ret, PC());
    }
    __real_pthread_exit(ret);
}

/* ---- yields and sleeps: a step, and the others go first --------------- */

static int yield_step(rt_thread *self, uint8_t op, uintptr_t pc)
{
    rt_yielded(self);
    rt_step(self, op, pc, 0, 0, 0);
    return 0;
}

int __wrap_sched_yield(void)
{
    rt_thread *self = rt_controlled();
    return self ? yield_step(self, RK_OP_YIELD, PC()) : __real_sched_yield();
}

unsigned __wrap_sleep(unsigned s)
{
    rt_thread *self = rt_controlled();
    return self ? (unsigned)yield_step(self, RK_OP_SLEEP, PC()) : __real_sleep(s);
}

int __wrap_usleep(useconds_t us)
{
    rt_thread *self = rt_controlled();
    return self ? yield_step(self, RK_OP_SLEEP, PC()) : __real_usleep(us);
}

int __wrap_nanosleep(const struct timespec *req, struct timespec *rem)
{
    rt_thread *self = rt_controlled();
    return self ? yield_step(self, RK_OP_SLEEP, PC()) : __real_nanosleep(req, rem);
}

int __wrap_clock_nanosleep(clockid_t c, int flags, const struct timespec *req, struct timespec *rem)
{
    rt_thread *self = rt_controlled();
    return self ? yield_step(self, RK_OP_SLEEP, PC()) : __real_clock_nanosleep(c, flags, req, rem);
}

/* ---- fork: the child process runs on its own, uncontrolled ------------- */

int __real_pthread_mutex_lock(pthread_mutex_t *m);

/* Set by __wrap_fork around the real fork of a schedule's thread, so the
 * child handler below acts only on that fork (not on rt_main's own forks
 * of each schedule, which go through the same fork). */
static volatile sig_atomic_t forking;

/* In the child of a schedule's fork, before any atfork handler of the
 * program runs: leave the schedule (the child's only thread is the caller,
 * the others' models are stale, the shared records are not its own), and
 * make every mutex the model says is held really locked. The scheduler
 * never locks the real pthread objects, so without this a child would find
 * free a mutex that, in the parent, another thread holds, and would not
 * hang where a real child hangs (fork/held-lock). The child's thread
 * becomes the holder: for a normal mutex that blocks its next lock as the
 * lost holder would. Rwlocks and spin locks are not carried over. */
static void child_after_fork(void)
{
    if (!forking)
        return;
    forking = 0;
    rt.active = 0;
    rt.shm = NULL;
    for (size_t i = 0; i < RT_MAX_OBJECTS; i++) {
        rt_obj *o = &rt_objects[i];
        if (o->addr != 0 && o->kind == RT_OBJ_MUTEX && o->owner != -1)
            __real_pthread_mutex_lock((pthread_mutex_t *)o->addr);
    }
}

/* Registered before main, so it runs before the child handlers the program
 * registers with pthread_atfork (they run in the order registered): those
 * then run in the child as ordinary, uncontrolled code. */
__attribute__((constructor)) static void register_child_after_fork(void)
{
    pthread_atfork(NULL, NULL, child_after_fork);
}

pid_t __wrap_fork(void)
{
    forking = rt.active;
    pid_t pid = __real_fork();
    forking = 0;
    if (pid == 0 && rt.active) {
        /* Its only thread is the caller; the others' models are stale. It
         * must not touch the schedule's shared records either. */
        rt.active = 0;
        rt.shm = NULL;
    }
    return pid;
}
