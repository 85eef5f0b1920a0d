/* rt_mutex.c - mutexes, read-write locks, spin locks and pthread_once under
 * the scheduler: each call is one step, taken when the object is free.
 * Every lock taken and released is told to the lock graph
 * (rt_lockgraph.c). Outside a schedule (rt_controlled() == NULL) every
 * call goes to the real function. */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <pthread.h>

#define PC() ((uintptr_t)__builtin_return_address(0))

int __real_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a);
int __real_pthread_mutex_destroy(pthread_mutex_t *m);
int __real_pthread_mutex_lock(pthread_mutex_t *m);
int __real_pthread_mutex_trylock(pthread_mutex_t *m);
int __real_pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *t);
int __real_pthread_mutex_unlock(pthread_mutex_t *m);
int __real_pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *a);
int __real_pthread_rwlock_destroy(pthread_rwlock_t *l);
int __real_pthread_rwlock_rdlock(pthread_rwlock_t *l);
int __real_pthread_rwlock_wrlock(pthread_rwlock_t *l);
int __real_pthread_rwlock_tryrdlock(pthread_rwlock_t *l);
int __real_pthread_rwlock_trywrlock(pthread_rwlock_t *l);
int __real_pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *t);
int __real_pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *t);
int __real_pthread_rwlock_unlock(pthread_rwlock_t *l);
int __real_pthread_spin_init(pthread_spinlock_t *s, int pshared);
int __real_pthread_spin_destroy(pthread_spinlock_t *s);
int __real_pthread_spin_lock(pthread_spinlock_t *s);
int __real_pthread_spin_trylock(pthread_spinlock_t *s);
int __real_pthread_spin_unlock(pthread_spinlock_t *s);
int __real_pthread_once(pthread_once_t *o, void (*fn)(void));

/* The model of mutex `m`; a mutex met for the first time takes its type
 * from its static initializer (glibc keeps the kind in __data.__kind). */
static rt_obj *mutex_of(pthread_mutex_t *m)
{
    rt_obj *o = rt_obj_find((uintptr_t)m);
    if (o && o->kind == RT_OBJ_MUTEX)
        return o;
    o = rt_obj_get((uintptr_t)m, RT_OBJ_MUTEX);
    int kind = m->__data.__kind & 3;
    o->type = kind == PTHREAD_MUTEX_RECURSIVE ? PTHREAD_MUTEX_RECURSIVE
              : kind == PTHREAD_MUTEX_ERRORCHECK ? PTHREAD_MUTEX_ERRORCHECK
                                                 : PTHREAD_MUTEX_NORMAL;
    return o;
}

int __wrap_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
    int rc = __real_pthread_mutex_init(m, a);
    if (rc == 0) {
        rt_lock_forget((uintptr_t)m);
        rt_obj *o = rt_obj_get((uintptr_t)m, RT_OBJ_MUTEX);
        o->owner = -1, o->depth = 0;
        int type = PTHREAD_MUTEX_NORMAL;
        if (a)
            pthread_mutexattr_gettype(a, &type);
        o->type = type == PTHREAD_MUTEX_RECURSIVE || type == PTHREAD_MUTEX_ERRORCHECK ? type : PTHREAD_MUTEX_NORMAL;
    }
    return rc;
}

int __wrap_pthread_mutex_destroy(pthread_mutex_t *m)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_mutex_destroy(m);
    rt_obj *o = rt_obj_find((uintptr_t)m);
    if (o && o->kind == RT_OBJ_MUTEX && o->owner >= 0)
        return EBUSY;
    if (o)
        o->kind = 0; /* a later use starts afresh */
    rt_lock_forget((uintptr_t)m);
    return 0;
}

/* Lock `m` for `self` once its step is chosen: the common end of lock,
 * trylock and timedlock. */
static int take_mutex(rt_thread *self, rt_obj *o, uintptr_t pc, int try_only)
{
    if (o->owner == self->id) {
        if (o->type == PTHREAD_MUTEX_RECURSIVE) {
            o->depth++;
            return 0;
        }
        return try_only ? EBUSY : EDEADLK;
    }
    if (o->owner >= 0)
        return try_only ? EBUSY : ETIMEDOUT;
    o->owner = self->id;
    o->depth = 1;
    o->lock_pc = pc;
    rt_lock_held(self, o->addr, pc);
    return 0;
}

int __wrap_pthread_mutex_lock(pthread_mutex_t *m)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_mutex_lock(m);
    rt_obj *o = mutex_of(m);
    uintptr_t pc = PC();
    rt_lock_order(self, (uintptr_t)m, pc);
    rt_step(self, RK_OP_LOCK, pc, (uintptr_t)m, 0, 0);
    return take_mutex(self, o, pc, 0);
}

int __wrap_pthread_mutex_trylock(pthread_mutex_t *m)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_mutex_trylock(m);
    rt_obj *o = mutex_of(m);
    uintptr_t pc = PC();
    rt_step(self, RK_OP_TRYLOCK, pc, (uintptr_t)m, 0, 0);
    int rc = take_mutex(self, o, pc, 1);
    rt_tried(self, rc == 0);
    return rc;
}

int __wrap_pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *t)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_mutex_timedlock(m, t);
    rt_obj *o = mutex_of(m);
    uintptr_t pc = PC();
    self->timed = 1; /* chosen while held: the time ran out */
    rt_step(self, RK_OP_LOCK, pc, (uintptr_t)m, 0, 0);
    if (o->owner < 0) /* as TSan: a timed lock orders only when it gets the lock */
        rt_lock_order(self, (uintptr_t)m, pc);
    int rc = take_mutex(self, o, pc, 0);
    rt_tried(self, rc == 0);
    return rc;
}

int __wrap_pthread_mutex_unlock(pthread_mutex_t *m)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_mutex_unlock(m);
    rt_obj *o = mutex_of(m);
    rt_step(self, RK_OP_UNLOCK, PC(), (uintptr_t)m, 0, 0);
    if (o->owner != self->id)
        return EPERM;
    if (--o->depth <= 0) {
        o->owner = -1, o->depth = 0;
        rt_lock_released(self, (uintptr_t)m);
    }
    return 0;
}

/* ---- read-write locks --------------------------------------------------- */

/* The model of rwlock `l`; one met for the first time takes its kind
 * (reader or writer preference) from its static initializer, which glibc
 * keeps in __data.__flags. */
static rt_obj *rwlock_of(pthread_rwlock_t *l)
{
    rt_obj *o = rt_obj_find((uintptr_t)l);
    if (o && o->kind == RT_OBJ_RWLOCK)
        return o;
    o = rt_obj_get((uintptr_t)l, RT_OBJ_RWLOCK);
    o->type = l->__data.__flags;
    return o;
}

int __wrap_pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *a)
{
    int rc = __real_pthread_rwlock_init(l, a);
    if (rc == 0) {
        rt_lock_forget((uintptr_t)l);
        int kind = PTHREAD_RWLOCK_PREFER_READER_NP;
        if (a)
            pthread_rwlockattr_getkind_np(a, &kind);
        rt_obj_get((uintptr_t)l, RT_OBJ_RWLOCK)->type = kind;
    }
    return rc;
}

int __wrap_pthread_rwlock_destroy(pthread_rwlock_t *l)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_rwlock_destroy(l);
    rt_obj *o = rt_obj_find((uintptr_t)l);
    if (o && (o->owner >= 0 || o->readers > 0))
        return EBUSY;
    if (o)
        o->kind = 0;
    rt_lock_forget((uintptr_t)l);
    return 0;
}

static int rwlock_take(rt_thread *self, pthread_rwlock_t *l, int write, int try_only, int timed, uintptr_t pc);

/* One step of a read (write = 0) or write lock; try_only and timed say
 * what happens when it is not free (a failed try counts: rt_tried). */
static int rwlock_step(pthread_rwlock_t *l, int write, int try_only, int timed, uintptr_t pc)
{
    rt_thread *self = rt_controlled();
    int rc = rwlock_take(self, l, write, try_only, timed, pc);
    if (try_only || timed)
        rt_tried(self, rc == 0);
    return rc;
}

/* rwlock_step's step and its effect on the model. */
static int rwlock_take(rt_thread *self, pthread_rwlock_t *l, int write, int try_only, int timed, uintptr_t pc)
{
    rt_obj *o = rwlock_of(l);
    self->timed = try_only || timed;
    if (!self->timed)
        rt_lock_order(self, (uintptr_t)l, pc);
    rt_step(self, write ? RK_OP_WRLOCK : RK_OP_RDLOCK, pc, (uintptr_t)l, 0, 0);
    if (o->owner == self->id)
        return EDEADLK;
    int free_now = write ? o->owner < 0 && o->readers == 0 : rt_rwlock_read_free(o, self);
    if (!free_now)
        return try_only ? EBUSY : ETIMEDOUT;
    if (timed)
        rt_lock_order(self, (uintptr_t)l, pc);
    rt_lock_held(self, (uintptr_t)l, pc);
    if (write) {
        o->owner = self->id;
        o->lock_pc = pc;
    } else {
        o->readers++;
    }
    return 0;
}

int __wrap_pthread_rwlock_rdlock(pthread_rwlock_t *l)
{
    return rt_controlled() ? rwlock_step(l, 0, 0, 0, PC()) : __real_pthread_rwlock_rdlock(l);
}

int __wrap_pthread_rwlock_wrlock(pthread_rwlock_t *l)
{
    return rt_controlled() ? rwlock_step(l, 1, 0, 0, PC()) : __real_pthread_rwlock_wrlock(l);
}

int __wrap_pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{
    return rt_controlled() ? rwlock_step(l, 0, 1, 0, PC()) : __real_pthread_rwlock_tryrdlock(l);
}

int __wrap_pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{
    return rt_controlled() ? rwlock_step(l, 1, 1, 0, PC()) : __real_pthread_rwlock_trywrlock(l);
}

int __wrap_pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *t)
{
    return rt_controlled() ? rwlock_step(l, 0, 0, 1, PC()) : __real_pthread_rwlock_timedrdlock(l, t);
}

int __wrap_pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *t)
{
    return rt_controlled() ? rwlock_step(l, 1, 0, 1, PC()) : __real_pthread_rwlock_timedwrlock(l, t);
}

int __wrap_pthread_rwlock_unlock(pthread_rwlock_t *l)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_rwlock_unlock(l);
    rt_obj *o = rwlock_of(l);
    rt_step(self, RK_OP_RWUNLOCK, PC(), (uintptr_t)l, 0, 0);
    if (o->owner == self->id)
        o->owner = -1;
    else if (o->readers > 0)
        o->readers--;
    else
        return EPERM;
    rt_lock_released(self, (uintptr_t)l);
    return 0;
}

/* ---- spin locks: mutexes that never sleep -------------------------------- */

int __wrap_pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
    int rc = __real_pthread_spin_init(s, pshared);
    if (rc == 0) {
        rt_lock_forget((uintptr_t)s);
        rt_obj_get((uintptr_t)s, RT_OBJ_SPIN)->owner = -1;
    }
    return rc;
}

int __wrap_pthread_spin_destroy(pthread_spinlock_t *s)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_spin_destroy(s);
    rt_obj *o = rt_obj_find((uintptr_t)s);
    if (o)
        o->kind = 0;
    rt_lock_forget((uintptr_t)s);
    return 0;
}

static int spin_step(pthread_spinlock_t *s, int try_only, uintptr_t pc)
{
    rt_thread *self = rt_controlled();
    rt_obj *o = rt_obj_get((uintptr_t)s, RT_OBJ_SPIN);
    if (!try_only)
        rt_lock_order(self, (uintptr_t)s, pc);
    rt_step(self, try_only ? RK_OP_TRYLOCK : RK_OP_LOCK, pc, (uintptr_t)s, 0, 0);
    int rc = take_mutex(self, o, pc, try_only);
    if (try_only)
        rt_tried(self, rc == 0);
    return rc;
}

int __wrap_pthread_spin_lock(pthread_spinlock_t *s)
{
    return rt_controlled() ? spin_step(s, 0, PC()) : __real_pthread_spin_lock(s);
}

int __wrap_pthread_spin_trylock(pthread_spinlock_t *s)
{
    return rt_controlled() ? spin_step(s, 1, PC()) : __real_pthread_spin_trylock(s);
}

int __wrap_pthread_spin_unlock(pthread_spinlock_t *s)
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_spin_unlock(s);
    rt_obj *o = rt_obj_get((uintptr_t)s, RT_OBJ_SPIN);
    rt_step(self, RK_OP_UNLOCK, PC(), (uintptr_t)s, 0, 0);
    if (o->owner != self->id)
        return EPERM;
    o->owner = -1;
    rt_lock_released(self, (uintptr_t)s);
    return 0;
}

/* ---- pthread_once ------------------------------------------------------- */

int __wrap_pthread_once(pthread_once_t *once, void (*fn)(void))
{
    rt_thread *self = rt_controlled();
    if (self == NULL)
        return __real_pthread_once(once, fn);
    uintptr_t pc = PC();
    rt_obj *o = rt_obj_find((uintptr_t)once);
    if (o == NULL || o->kind != RT_OBJ_ONCE) {
        o = rt_obj_get((uintptr_t)once, RT_OBJ_ONCE);
        o->once = *once != PTHREAD_ONCE_INIT ? 2 : 0; /* run before the schedule */
    }
    rt_step(self, RK_OP_ONCE, pc, (uintptr_t)once, 0, 0);
    if (o->once == 0) {
        o->once = 1;
        fn();
        o->once = 2;
    } else if (o->once == 1) {
        rt_step(self, RK_OP_ONCE_WAIT, pc, (uintptr_t)once, 0, 0);
    }
    return 0;
}
