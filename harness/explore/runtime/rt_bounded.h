/* rt_bounded.h - the bounded systematic search of racekit's scheduler
 * runtime (rt_bounded.c): what a schedule records of its choice points in
 * the shared mapping, and the parent's search over them. Included by rt.h,
 * whose rt_shm holds the records. */
#ifndef RK_RT_BOUNDED_H
#define RK_RT_BOUNDED_H

#include <stddef.h>
#include <stdint.h>

struct rt_shm;

enum { RT_BOUNDED_THREADS = 16, RT_MAX_NODES = 4096, RT_MAX_BOUND = 8 };

/* What a pending step touches, to tell whether two steps commute. */
enum { RT_DEP_ALL, RT_DEP_READ, RT_DEP_WRITE, RT_DEP_SYNC };
typedef struct {
    uint8_t kind;
    uint64_t key;      /* granule (addr >> 3), or the object's address */
} rt_dep;

/* One choice point of a schedule, as the child passed it. */
typedef struct {
    uint16_t enabled;  /* threads that could go */
    uint16_t sleep;    /* of those, asleep: not to be tried here */
    int8_t last;       /* the thread of the step before, -1 at the first */
    int8_t chosen;     /* -1: every thread that could go was asleep */
    uint8_t yielded;   /* `last` yielded, slept or spins: leaving it is free */
    rt_dep dep[RT_BOUNDED_THREADS];
} rt_node;

/* rt_bounded_next - in a schedule of the bounded search: the thread of the
 * choice point now (rt.visible), from the prefix the parent set, past it
 * without preempting and never a thread asleep; records the choice point.
 * Ends the schedule early (shm->redundant) when every thread that could go
 * is asleep. -1: the prefix names a thread that cannot go (the program did
 * not repeat itself); -2: more than RT_BOUNDED_THREADS threads. */
int rt_bounded_next(const unsigned char *enabled);

/* The parent's side: the stack of choice points of the current schedule. */
typedef struct {
    uint16_t enabled, sleep;
    uint16_t explored;      /* tried here */
    uint16_t skipped;       /* not tried: more preemptions than the bound */
    int8_t last, chosen;
    uint8_t pre;            /* preemptions before this choice point */
    uint8_t yielded;        /* as in rt_node */
    rt_dep dep[RT_BOUNDED_THREADS];
} rt_frame;

typedef struct {
    int bound, max_bound;
    int completed;          /* the highest bound whose every schedule ran, -1 none */
    int started, cut;
    uint64_t restarts;      /* times a schedule found new shared memory */
    rt_frame *stack;
    size_t depth, p;
    uint64_t count[RT_MAX_BOUND + 1]; /* schedules run at each bound since the last restart */
    uint64_t all;           /* schedules run, restarts included */
} rt_search;

/* rt_search_init - a search of bounds 0..max_bound (<= RT_MAX_BOUND). */
void rt_search_init(rt_search *s, int max_bound);

/* rt_search_next - set shm's prefix for the next schedule: 1 to run it, 0
 * when every bound is done (s->completed says how far it got). */
int rt_search_next(rt_search *s, struct rt_shm *shm);

/* rt_search_record - take in the choice points the schedule just run
 * recorded in shm. When it learnt where threads share memory
 * (rt_shared.c), the choice points of a prefix may change: the search
 * starts again from bound 0 with what it knows now, which only grows, so
 * it settles. */
void rt_search_record(rt_search *s, const struct rt_shm *shm);

/* rt_search_restart - start again from bound 0: the choice points moved
 * (a schedule of any strategy learnt an instruction that touches shared
 * memory, so the search's recorded prefixes no longer replay). */
void rt_search_restart(rt_search *s);

#endif
