/* rt_trace.c - the record of a schedule for the harness: every step (in
 * trace mode) and, when the scheduler ends a schedule itself, what each
 * thread was doing, also when the watch gives up on it. All goes to the
 * shared mapping the runtime's parent process reads after the schedule,
 * however it ended. */
#define _GNU_SOURCE
#include "rt.h"

#include <signal.h>
#include <string.h>

/* Steps of one thread at one place over consecutive memory (a loop filling
 * an array) become one record with a count. */
static int extends(const rt_step_rec *r, const rt_thread *t, uint8_t kind, uint32_t block, uint64_t addr)
{
    if (r->thread != t->id || r->op != t->op.op || r->pc != rt_elf_pc(t->op.pc) || r->kind != kind ||
        r->block != block || r->size != t->op.size)
        return 0;
    if (t->op.op != RK_OP_READ && t->op.op != RK_OP_WRITE)
        return 0;
    return addr == r->addr + r->span || addr + t->op.size == r->addr + r->span;
}

void rt_trace_step(const rt_thread *t)
{
    rt_shm *s = rt.shm;
    uint8_t kind, obj_kind;
    uint32_t block, obj_block;
    uint64_t addr, obj;
    rt_where(t->op.addr, &kind, &block, &addr);
    rt_where(t->op.obj, &obj_kind, &obj_block, &obj);
    if (s->n_trace > 0 && extends(&s->trace[s->n_trace - 1], t, kind, block, addr)) {
        rt_step_rec *r = &s->trace[s->n_trace - 1];
        r->count++;
        if (addr == r->addr + r->span)
            r->span += t->op.size;
        return;
    }
    if (s->n_trace >= RT_MAX_TRACE) {
        s->trace_dropped++;
        return;
    }
    rt_step_rec *r = &s->trace[s->n_trace++];
    r->thread = (uint16_t)t->id;
    r->op = t->op.op;
    r->kind = kind;
    r->obj_kind = obj_kind;
    r->size = t->op.size;
    r->count = 1;
    r->block = block;
    r->obj_block = obj_block;
    r->pc = rt_elf_pc(t->op.pc);
    r->addr = addr;
    r->span = t->op.size;
    r->obj = obj;
}

void rt_snapshot(void)
{
    rt_shm *s = rt.shm;
    s->n_thread_recs = (uint32_t)rt.n_threads;
    for (int i = 0; i < rt.n_threads; i++) {
        const rt_thread *t = &rt.threads[i];
        rt_thread_rec *r = &s->threads[i];
        uintptr_t where;
        r->id = (uint32_t)t->id;
        r->state = t->finished ? 2 : rt_enabled(t) ? 0 : 1;
        r->op = t->op.op;
        r->pc = rt_elf_pc(t->op.pc);
        rt_where(t->op.addr, &r->kind, &r->block, &r->addr);
        rt_where(t->op.obj, &r->obj_kind, &r->obj_block, &r->obj);
        r->holder = t->finished ? -1 : rt_holder(t, &where);
        r->holder_pc = rt_elf_pc(where);
        r->created_pc = rt_elf_pc(t->created_pc);
    }
}

void rt_snapshot_running(void)
{
    rt_snapshot();
    if (rt.running >= 0 && rt.running < rt.n_threads && !rt.threads[rt.running].finished)
        rt.shm->threads[rt.running].state = 3;
}

int rt_snapshot_signal(void)
{
    return SIGRTMAX - 1; /* one programs rarely use */
}

/* Only the thread holding the baton answers: the others wait for it, and
 * the state is consistent only between its steps. */
static void on_snapshot_signal(int sig)
{
    (void)sig;
    if (rt.active && rt.shm && rt_self && rt_self->id == rt.running) {
        rt_snapshot_running();
        atomic_store(&rt.shm->snapped, 1);
    }
}

void rt_snapshot_when_asked(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_snapshot_signal;
    sa.sa_flags = SA_RESTART; /* the interrupted call goes on as before */
    sigemptyset(&sa.sa_mask);
    sigaction(rt_snapshot_signal(), &sa, NULL);
}
