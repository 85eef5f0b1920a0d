/* rt_state.c - the runtime's state, and what can be read off it without
 * changing it: the schedule (rt), each thread's rt_self, the table of
 * synchronisation-object models with its look-up, and from those who can go
 * on and who keeps whom waiting. It calls nothing above it, so every other
 * file can read it (see rt.h). */
#define _GNU_SOURCE
#include "rt.h"

#include <stdio.h>

rt_state rt;
__thread rt_thread *rt_self;

/* Open addressing; entries are never removed (a destroyed object is reset
 * when it is used again), so pointers into the table stay valid. */
rt_obj rt_objects[RT_MAX_OBJECTS];

size_t rt_obj_slot(uintptr_t addr)
{
    uint64_t h = (uint64_t)addr * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> 40) & (RT_MAX_OBJECTS - 1);
}

rt_obj *rt_obj_find(uintptr_t addr)
{
    for (size_t i = rt_obj_slot(addr), k = 0; k < RT_MAX_OBJECTS; i = (i + 1) & (RT_MAX_OBJECTS - 1), k++) {
        if (rt_objects[i].addr == addr)
            return &rt_objects[i];
        if (rt_objects[i].addr == 0)
            return NULL;
    }
    return NULL;
}

static int free_for(const rt_obj *o, const rt_thread *t)
{
    return o == NULL || o->owner < 0 || (o->owner == t->id && o->type != PTHREAD_MUTEX_NORMAL);
}

int rt_rwlock_read_free(const rt_obj *o, const rt_thread *t)
{
    if (o == NULL)
        return 1;
    if (o->owner >= 0)
        return 0;
    if (o->type != PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP)
        return 1;
    /* A thread's op is its pending step whenever the strategy decides; a
     * trywrlock or timedwrlock (timed) is not counted as a waiting writer. */
    for (int i = 0; i < rt.n_threads; i++) {
        const rt_thread *w = &rt.threads[i];
        if (w != t && w->used && !w->finished && !w->timed && w->op.op == RK_OP_WRLOCK && w->op.addr == o->addr)
            return 0;
    }
    return 1;
}

int rt_enabled(const rt_thread *t)
{
    if (!t->used || t->finished)
        return 0;
    const rt_obj *o;
    switch (t->op.op) {
    case RK_OP_LOCK:
        return t->timed || free_for(rt_obj_find(t->op.addr), t);
    case RK_OP_RDLOCK:
        return t->timed || rt_rwlock_read_free(rt_obj_find(t->op.addr), t);
    case RK_OP_WRLOCK:
        o = rt_obj_find(t->op.addr);
        return t->timed || o == NULL || (o->owner < 0 && o->readers == 0);
    case RK_OP_WAKE:
        o = rt_obj_find(t->op.obj);
        return (t->signaled || t->timed) && (o == NULL || o->owner < 0);
    case RK_OP_SEM_WAIT:
        o = rt_obj_find(t->op.addr);
        return t->timed || (o != NULL && o->value > 0);
    case RK_OP_PASS:
        o = rt_obj_find(t->op.addr);
        return o == NULL || o->gen != t->wait_gen;
    case RK_OP_ONCE_WAIT:
        o = rt_obj_find(t->op.addr);
        return o == NULL || o->once == 2;
    case RK_OP_JOIN:
        return t->op.arg < 0 || t->op.arg >= rt.n_threads || rt.threads[t->op.arg].finished;
    default:
        return 1;
    }
}

int rt_spinning(const rt_thread *t)
{
    return t->quiet >= RT_SPIN_STEPS || t->tries >= RT_SPIN_TRIES;
}

int rt_livelocked(char *who, size_t size)
{
    uint64_t start = 0;
    int ids[RT_MAX_THREADS], failing = 0;
    for (int i = 0; i < rt.n_threads; i++) {
        const rt_thread *t = &rt.threads[i];
        if (t->used && !t->finished && t->failed >= RT_LIVELOCK_TRIES && t->failing_since > start)
            start = t->failing_since;
    }
    for (int i = 0; i < rt.n_threads; i++) {
        const rt_thread *t = &rt.threads[i];
        if (!t->used || t->finished)
            continue;
        if (t->failed >= RT_LIVELOCK_TRIES)
            ids[failing++] = i;
        else if (t == rt_self || t->enabled_at >= start)
            return 0;
    }
    size_t len = 0;
    who[0] = '\0';
    for (int k = 0; k < failing && len < size; k++)
        len += (size_t)snprintf(who + len, size - len, "%s%d",
                                k == 0 ? "" : k == failing - 1 ? " and " : ", ", ids[k]);
    return failing;
}

int rt_holder(const rt_thread *t, uintptr_t *where)
{
    *where = 0;
    const rt_obj *o = NULL;
    switch (t->op.op) {
    case RK_OP_LOCK:
    case RK_OP_RDLOCK:
    case RK_OP_WRLOCK:
        o = rt_obj_find(t->op.addr);
        break;
    case RK_OP_WAKE:
        if (t->signaled)
            o = rt_obj_find(t->op.obj);
        break;
    case RK_OP_JOIN:
        return (int)t->op.arg;
    default:
        break;
    }
    if (o == NULL || o->owner < 0)
        return -1;
    *where = o->lock_pc;
    return o->owner;
}

int rt_holds_lock(int id)
{
    for (int i = 0; i < RT_MAX_OBJECTS; i++)
        if (rt_objects[i].addr != 0 && rt_objects[i].owner == id &&
            (rt_objects[i].kind == RT_OBJ_MUTEX || rt_objects[i].kind == RT_OBJ_SPIN ||
             rt_objects[i].kind == RT_OBJ_RWLOCK))
            return 1;
    return 0;
}
