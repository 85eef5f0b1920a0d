/* rt_objects.c - making the model of a synchronisation object the first
 * time it is used (or again, as another kind, after it was destroyed): the
 * only file that adds to the table in rt_state.c, and it ends the schedule
 * when the table is full. The real pthread objects are left untouched while
 * a schedule runs (see rt.h). */
#define _GNU_SOURCE
#include "rt.h"

#include <string.h>

static int n_objects;

rt_obj *rt_obj_get(uintptr_t addr, int kind)
{
    rt_obj *o = rt_obj_find(addr);
    if (o == NULL) {
        if (n_objects >= RT_MAX_OBJECTS / 2)
            rt_end(RT_END_LIMIT, "more than %d synchronisation objects", RT_MAX_OBJECTS / 2);
        size_t i = rt_obj_slot(addr);
        while (rt_objects[i].addr != 0)
            i = (i + 1) & (RT_MAX_OBJECTS - 1);
        o = &rt_objects[i];
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
