/* rt_bounded.c - the bounded systematic search (`--strategy bounded`):
 * every schedule with at most k preemptions, for k = 0, 1, ... up to the
 * bound, as in CHESS's iterative context bounding (Musuvathi, Qadeer:
 * "Iterative Context Bounding for Systematic Testing of Multithreaded
 * Programs", PLDI 2007), with sleep sets (Godefroid, 1996) so that two
 * schedules that differ only in the order of independent steps run once.
 *
 * The search is a depth-first walk over the *choice points* of a schedule:
 * the steps where a switch can happen (rt_shared.c). A preemption is a
 * choice of another thread while the one that ran the step before could go
 * on. The parent process keeps the stack of choice points; each schedule
 * runs in a child with a prefix of choices to follow, then goes on without
 * preempting, and records every choice point it passed (who could go,
 * who went, what each was about to do). The parent then backtracks to the
 * deepest choice point with a thread not yet tried within the bound.
 * Choice points are the steps where a switch can happen; a schedule that
 * learns a new place where threads share memory starts the search again
 * (rt_search_record).
 *
 * Steps are independent when they are by different threads and touch
 * different memory (or both only read), or different synchronisation
 * objects; anything else (a condition wait, thread start and end, a call
 * with hidden state) is taken to depend on everything. A thread asleep at
 * a choice point is not tried there: its step commutes with every step
 * since it was put to sleep, so every schedule it would start was run. */
#define _GNU_SOURCE
#include "rt.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- what a step touches --------------------------------------------- */

static rt_dep dep_of(const rt_op *op)
{
    rt_dep d = { RT_DEP_ALL, 0 };
    switch (op->op) {
    case RK_OP_READ:
    case RK_OP_ATOMIC_LOAD:
    case RK_OP_WRITE:
    case RK_OP_ATOMIC_STORE:
    case RK_OP_ATOMIC_RMW:
        if (op->size > 8 || ((op->addr + op->size - 1) >> 3) != (op->addr >> 3))
            return d; /* more than one granule: not worth the bookkeeping */
        d.kind = op->op == RK_OP_READ || op->op == RK_OP_ATOMIC_LOAD ? RT_DEP_READ : RT_DEP_WRITE;
        d.key = op->addr >> 3;
        return d;
    case RK_OP_LOCK:
    case RK_OP_TRYLOCK:
    case RK_OP_UNLOCK:
    case RK_OP_RDLOCK:
    case RK_OP_WRLOCK:
    case RK_OP_RWUNLOCK:
    case RK_OP_SIGNAL:
    case RK_OP_BROADCAST:
    case RK_OP_SEM_WAIT:
    case RK_OP_SEM_POST:
    case RK_OP_BARRIER:
    case RK_OP_PASS:
    case RK_OP_ONCE:
    case RK_OP_ONCE_WAIT:
        d.kind = RT_DEP_SYNC;
        d.key = op->addr;
        return d;
    default:
        return d;
    }
}

static int independent(rt_dep a, rt_dep b)
{
    if (a.kind == RT_DEP_ALL || b.kind == RT_DEP_ALL)
        return 0;
    if (a.kind == RT_DEP_SYNC || b.kind == RT_DEP_SYNC)
        return a.kind != b.kind || a.key != b.key;
    return a.key != b.key || (a.kind == RT_DEP_READ && b.kind == RT_DEP_READ);
}

/* The threads of `set` whose steps commute with thread `t`'s at node n. */
static uint16_t still_asleep(const rt_node *n, uint16_t set, int t)
{
    uint16_t keep = 0;
    for (int u = 0; u < RT_BOUNDED_THREADS; u++)
        if ((set >> u & 1) && u != t && independent(n->dep[u], n->dep[t]))
            keep |= (uint16_t)(1u << u);
    return keep;
}

/* ---- in the child: one schedule ---------------------------------------- */

/* Thread `id`, which ran the step before, yielded, slept or spins (RT_SPIN_STEPS
 * reads in a row, or RT_SPIN_TRIES failed tries: rt_spinning): switching
 * away from it is free, not a preemption, and past the prefix another
 * thread goes first - else a correct program that waits for a flag or a
 * trylock in a loop spins until the step limit, a false livelock. */
static int gave_way(int id)
{
    return rt.last_op == RK_OP_YIELD || rt.last_op == RK_OP_SLEEP || rt_spinning(&rt.threads[id]);
}

int rt_bounded_next(const unsigned char *enabled)
{
    rt_shm *s = rt.shm;
    if (rt.n_threads > RT_BOUNDED_THREADS)
        return -2;
    uint64_t v = rt.visible - 1; /* this choice point, from 0 */
    rt_node node;
    memset(&node, 0, sizeof node);
    node.last = (int8_t)rt.last;
    node.yielded = rt.last >= 0 && gave_way(rt.last);
    for (int i = 0; i < rt.n_threads; i++)
        if (enabled[i]) {
            node.enabled |= (uint16_t)(1u << i);
            node.dep[i] = dep_of(&rt.threads[i].op);
        }
    int next;
    if (v < s->n_prefix) {
        next = s->prefix[v];
        if (!(node.enabled >> next & 1))
            return -1;
    } else {
        if (v == s->n_prefix)
            rt.sleep = s->prefix_sleep;
        if (node.yielded) /* a sleeping thread may be the one the spin waits for */
            rt.sleep = 0;
        node.sleep = rt.sleep;
        uint16_t can = node.enabled & (uint16_t)~rt.sleep;
        if (can == 0) { /* every way on was run from an equivalent schedule */
            node.chosen = -1;
            if (v < RT_MAX_NODES)
                s->nodes[v] = node, s->n_nodes = v + 1;
            s->redundant = 1;
            _exit(0);
        }
        uint16_t others = can & (uint16_t)~(rt.last >= 0 ? 1u << rt.last : 0u);
        if (node.yielded && others) /* it asked the others to go first */
            next = __builtin_ctz(others);
        else
            next = rt.last >= 0 && (can >> rt.last & 1) ? rt.last : __builtin_ctz(can);
        rt.sleep = still_asleep(&node, rt.sleep, next);
    }
    if (node.yielded && next != rt.last)
        rt.threads[rt.last].quiet = rt.threads[rt.last].tries = 0; /* a spin counts again from here */
    node.chosen = (int8_t)next;
    if (v < RT_MAX_NODES) {
        s->nodes[v] = node;
        s->n_nodes = v + 1;
    } else {
        s->nodes_cut = 1;
    }
    return next;
}

/* ---- in the parent: the search ---------------------------------------- */

static int preempts(const rt_frame *f, int t)
{
    return f->last >= 0 && t != f->last && (f->enabled >> f->last & 1) && !f->yielded;
}

void rt_search_init(rt_search *s, int max_bound)
{
    memset(s, 0, sizeof *s);
    s->max_bound = max_bound;
    s->completed = -1;
    s->stack = mmap(NULL, RT_MAX_NODES * sizeof *s->stack, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (s->stack == MAP_FAILED)
        s->stack = NULL;
}

void rt_search_record(rt_search *s, const rt_shm *shm)
{
    size_t n = shm->n_nodes < RT_MAX_NODES ? shm->n_nodes : RT_MAX_NODES;
    for (size_t i = s->p; i < n && s->stack; i++) {
        const rt_node *node = &shm->nodes[i];
        rt_frame *f = &s->stack[i];
        memset(f, 0, sizeof *f);
        f->enabled = node->enabled;
        f->last = node->last;
        f->chosen = node->chosen;
        f->yielded = node->yielded;
        f->sleep = node->sleep;
        memcpy(f->dep, node->dep, sizeof f->dep);
        f->explored = node->chosen >= 0 ? (uint16_t)(1u << node->chosen) : 0;
        /* A thread that gave way is not tried again there while another can
         * go (fairness, as in CHESS): else "spin once more" is a branch at
         * every spin, and the tree has no end. */
        if (f->yielded && f->last >= 0 && (f->enabled & (uint16_t)~(1u << f->last)))
            f->explored |= (uint16_t)(1u << f->last);
        const rt_frame *up = i > 0 ? &s->stack[i - 1] : NULL;
        f->pre = up ? (uint8_t)(up->pre + preempts(up, up->chosen)) : 0;
    }
    s->depth = n > s->p ? n : s->p;
    s->cut |= shm->nodes_cut;
    s->count[s->bound]++;
    s->all++;
    if (shm->learnt_new)
        rt_search_restart(s);
}

void rt_search_restart(rt_search *s)
{
    s->restarts++;
    s->bound = 0;
    s->started = 0;
    s->cut = 0;
    s->depth = 0;
    s->completed = -1;
    memset(s->count, 0, sizeof s->count);
}

/* Write the prefix of the next schedule (the choices of frames 0..p-1). */
static void set_prefix(rt_search *s, rt_shm *shm, size_t p, uint16_t sleep)
{
    s->p = p;
    shm->n_prefix = (uint32_t)p;
    shm->prefix_sleep = sleep;
    for (size_t i = 0; i < p; i++)
        shm->prefix[i] = (uint8_t)s->stack[i].chosen;
}

int rt_search_next(rt_search *s, rt_shm *shm)
{
    if (s->stack == NULL)
        return 0;
    if (!s->started) {
        s->started = 1;
        set_prefix(s, shm, 0, 0);
        return 1;
    }
    for (size_t i = s->depth; i-- > 0;) {
        rt_frame *f = &s->stack[i];
        uint16_t left = f->enabled & (uint16_t)~(f->explored | f->skipped | f->sleep);
        while (left) {
            int t = __builtin_ctz(left);
            left &= (uint16_t)(left - 1);
            if (f->pre + preempts(f, t) > s->bound) {
                f->skipped |= (uint16_t)(1u << t);
                continue;
            }
            rt_node node;
            memset(&node, 0, sizeof node);
            memcpy(node.dep, f->dep, sizeof node.dep);
            uint16_t sleep = still_asleep(&node, f->sleep | f->explored, t);
            f->explored |= (uint16_t)(1u << t);
            f->chosen = (int8_t)t;
            s->depth = i + 1;
            set_prefix(s, shm, i + 1, sleep);
            return 1;
        }
    }
    /* Every schedule within this bound ran. */
    if (!s->cut)
        s->completed = s->bound;
    if (s->bound >= s->max_bound)
        return 0;
    s->bound++;
    s->depth = 0;
    s->cut = 0;
    set_prefix(s, shm, 0, 0);
    return 1;
}
