/* rt_objects.c - the model of every synchronisation object, found by its
 * address, and who can go on (see rt.h). The real pthread objects are left
 * untouched while a schedule runs. */
#define _GNU_SOURCE
#include "rt.h"

#include <string.h>

/* Open addressing; entries are never removed (a destroyed object is reset
 * when it is used again), so pointers into the table stay valid. */
static rt_obj table[RT_MAX_OBJECTS];
static int n_objects;

static size_t slot_of(uintptr_t addr)
{
    uint64_t h = (uint64_t)addr * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> 40) & (RT_MAX_OBJECTS - 1);
}

rt_obj *rt_obj_find(uintptr_t addr)
{
    for (size_t i = slot_of(addr), k = 0; k < RT_MAX_OBJECTS; i = (i + 1) & (RT_MAX_OBJECTS - 1), k++) {
        if (table[i].addr == addr)
            return &table[i];
        if (table[i].addr == 0)
            return NULL;
    }
    return NULL;
}

rt_obj *rt_obj_get(uintptr_t addr, int kind)
{
    rt_obj *o = rt_obj_find(addr);
    if (o == NULL) {
        if (n_objects >= RT_MAX_OBJECTS / 2)
            rt_end(RT_END_LIMIT, "more than %d synchronisation objects", RT_MAX_OBJECTS / 2);
        size_t i = slot_of(addr);
        while (table[i].addr != 0)
            i = (i + 1) & (RT_MAX_OBJECTS - 1);
        o = &table[i];
        n_objects++;
        o->addr = addr;
        o->kind = 0;
    }
    if (o->kind != kind) {
        memset(o, 0, sizeof *o);
        o->addr = addr;
        o->kind = (uint8_t)kind;
        o->owner = -1;
    }
    return o;
}

static int free_for(const rt_obj *o, const rt_thread *t)
{
    return o == NULL || o->owner < 0 || (o->owner == t->id && o->type != PTHREAD_MUTEX_NORMAL);
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
        o = rt_obj_find(t->op.addr);
        return t->timed || o == NULL || o->owner < 0;
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
        if (table[i].addr != 0 && table[i].owner == id &&
            (table[i].kind == RT_OBJ_MUTEX || table[i].kind == RT_OBJ_SPIN || table[i].kind == RT_OBJ_RWLOCK))
            return 1;
    return 0;
}
