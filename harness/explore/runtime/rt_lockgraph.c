/* rt_lockgraph.c - the order in which the schedule's threads take locks,
 * kept as a graph the way TSan's deadlock detector keeps it: an edge A -> B
 * each time a thread takes B (mutex, spin lock, rwlock for reading or
 * writing) while it holds A. An edge that closes a cycle is a lock-order
 * inversion even when no schedule can deadlock on it (one thread taking
 * A, B and later B, A; two threads kept apart by an outer lock). The
 * first cycle of a schedule goes to shm->cycle; the schedule goes on.
 *
 * As in TSan: a trylock adds no edge into the lock it takes (it cannot
 * wait), but a lock taken by a trylock is held, so later locks get edges
 * from it; a lock the thread already holds (a recursive relock) adds
 * nothing; a destroyed or re-initialised lock leaves the graph with its
 * edges. Bounded: RT_LG_LOCKS locks in the graph at once and
 * RT_LG_HELD held per thread; a lock beyond either is not followed (no
 * edge to or from it), never an end of the schedule.
 *
 * The state is the forked schedule's own (the parent never takes a lock
 * under the scheduler), so each schedule starts with an empty graph. */
#define _GNU_SOURCE
#include "rt.h"

enum { RT_LG_LOCKS = 64, RT_LG_HELD = 16 };

/* Where a lock was taken. */
typedef struct {
    uintptr_t addr, pc;
} held_lock;

/* The first time edge A -> B was added: who took B where, and where it
 * had taken A. */
typedef struct {
    int thread;
    uintptr_t from_pc, to_pc;
} edge_info;

static uintptr_t nodes[RT_LG_LOCKS];            /* 0: a free slot */
static uint64_t succ[RT_LG_LOCKS];               /* bit j of succ[i]: edge i -> j */
static edge_info edges[RT_LG_LOCKS][RT_LG_LOCKS];
static held_lock held[RT_MAX_THREADS][RT_LG_HELD];
static int n_held[RT_MAX_THREADS];

/* The node of the lock at `addr`, made when `make` and a slot is free;
 * -1 otherwise. */
static int node_of(uintptr_t addr, int make)
{
    int free_slot = -1;
    for (int i = 0; i < RT_LG_LOCKS; i++) {
        if (nodes[i] == addr)
            return i;
        if (nodes[i] == 0 && free_slot < 0)
            free_slot = i;
    }
    if (make && free_slot >= 0) {
        nodes[free_slot] = addr;
        succ[free_slot] = 0;
    }
    return make ? free_slot : -1;
}

/* The path from node `from` to node `to` along the edges, as nodes
 * path[0] = from ... path[n-1] = to; returns n, or 0 when `to` cannot be
 * reached. Breadth first, so the cycle reported is a shortest one. */
static int path_between(int from, int to, int *path)
{
    int prev[RT_LG_LOCKS], queue[RT_LG_LOCKS], head = 0, tail = 0;
    for (int i = 0; i < RT_LG_LOCKS; i++)
        prev[i] = -2;
    prev[from] = -1;
    queue[tail++] = from;
    while (head < tail && prev[to] == -2) {
        int n = queue[head++];
        for (int j = 0; j < RT_LG_LOCKS; j++)
            if ((succ[n] >> j & 1) && prev[j] == -2)
                prev[j] = n, queue[tail++] = j;
    }
    if (prev[to] == -2)
        return 0;
    int len = 0;
    for (int n = to; n >= 0; n = prev[n])
        len++;
    for (int n = to, i = len - 1; n >= 0; n = prev[n], i--)
        path[i] = n;
    return len;
}

/* Record the cycle that the new edge a -> b closed (b reaches a): the
 * edges b -> ... -> a, then a -> b, at most RT_CYCLE_EDGES of them. */
static void record_cycle(int a, int b)
{
    int path[RT_LG_LOCKS + 1];
    int len = path_between(b, a, path);
    if (len == 0 || rt.shm == NULL || rt.shm->n_cycle)
        return;
    path[len] = b; /* the new edge, back to the start */
    uint32_t n = 0;
    for (int i = 0; i < len && n < RT_CYCLE_EDGES; i++, n++) {
        const edge_info *e = &edges[path[i]][path[i + 1]];
        rt_edge_rec *r = &rt.shm->cycle[n];
        r->thread = (uint16_t)e->thread;
        rt_where(nodes[path[i]], &r->from_kind, &r->from_block, &r->from);
        rt_where(nodes[path[i + 1]], &r->to_kind, &r->to_block, &r->to);
        r->from_pc = rt_elf_pc(e->from_pc), r->to_pc = rt_elf_pc(e->to_pc);
    }
    rt.shm->cycle_len = (uint32_t)len;
    rt.shm->n_cycle = n;
}

/* Whether thread `id` holds the lock at `addr`. */
static int holds(int id, uintptr_t addr)
{
    for (int i = 0; i < n_held[id]; i++)
        if (held[id][i].addr == addr)
            return 1;
    return 0;
}

void rt_lock_order(const rt_thread *self, uintptr_t addr, uintptr_t pc)
{
    int id = self->id;
    if (n_held[id] == 0 || holds(id, addr))
        return;
    int b = node_of(addr, 1);
    for (int i = 0; b >= 0 && i < n_held[id]; i++) {
        int a = node_of(held[id][i].addr, 1);
        if (a < 0 || a == b || (succ[a] >> b & 1))
            continue;
        succ[a] |= (uint64_t)1 << b;
        edges[a][b] = (edge_info){ id, held[id][i].pc, pc };
        record_cycle(a, b);
    }
}

void rt_lock_held(const rt_thread *self, uintptr_t addr, uintptr_t pc)
{
    int id = self->id;
    if (n_held[id] < RT_LG_HELD && !holds(id, addr))
        held[id][n_held[id]++] = (held_lock){ addr, pc };
}

void rt_lock_released(const rt_thread *self, uintptr_t addr)
{
    int id = self->id;
    for (int i = n_held[id] - 1; i >= 0; i--) {
        if (held[id][i].addr != addr)
            continue;
        for (int j = i; j + 1 < n_held[id]; j++)
            held[id][j] = held[id][j + 1];
        n_held[id]--;
        return;
    }
}

void rt_lock_forget(uintptr_t addr)
{
    int n = node_of(addr, 0);
    if (n < 0)
        return;
    nodes[n] = 0;
    succ[n] = 0;
    for (int i = 0; i < RT_LG_LOCKS; i++)
        succ[i] &= ~((uint64_t)1 << n);
}
