/* rt.h - the inside of racekit's scheduler runtime, linked into a program
 * built with -fsanitize=thread instrumentation but without the TSan
 * runtime. The program's threads are real, but only one runs at a time: at
 * every instrumented access and every pthread call (wrapped with the
 * linker's --wrap, see wrapped.def) the running thread stops at a *step*,
 * the scheduler chooses which thread performs the next one, and hands that
 * thread the baton. Synchronisation objects are modelled here (the real
 * pthread objects are not used while the scheduler runs), so the scheduler
 * always knows who can go on, and a deadlock is seen the moment it happens.
 *
 * Everything here runs in one thread at a time (the baton orders it), so
 * the state needs no locks. None of it depends on time or addresses, so a
 * schedule replays exactly.
 *
 * The files use one another in one direction only; each uses only what the
 * files before it define: pct.c and schedule.c; rt_state.c (the state, and
 * what can be read off it); rt_memory.c; rt_shared.c; rt_bounded.c; rt_trace.c; rt_core.c (steps,
 * choices, ends); rt_objects.c; rt_lockgraph.c; the calls the runtime takes over
 * (rt_unmodelled.c, rt_thread.c, rt_mutex.c, rt_wait.c, rt_tsan.c, rt_libc.c);
 * and, for the
 * process around the schedules, rt_config.c, rt_records.c, rt_main.c. */
#ifndef RK_RT_H
#define RK_RT_H

#include "explore_proto.h"
#include "pct.h"
#include "rt_bounded.h"
#include "rt_config.h"
#include "schedule.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

enum {
    RT_MAX_THREADS = 256,
    RT_MAX_OBJECTS = 1 << 14,
    RT_MAX_RUNS = 1 << 20,
    RT_MAX_TRACE = 1 << 17,
    RT_MAX_BLOCKS = 1 << 16,
    RT_SPIN_STEPS = 1000,          /* reads in a row with no write: a spin */
    RT_SPIN_TRIES = 2,             /* failed tries (trylock...) in a row: a spin */
    RT_LIVELOCK_TRIES = 1000,      /* failed tries of every thread that can run: a livelock */
    RT_DEFAULT_MAX_STEPS = 20000000,
    RT_SHARED_PCS = 1 << 14,       /* instructions learnt to touch shared memory */
    RT_CYCLE_EDGES = 16,           /* edges of a lock-order cycle kept (rt_lockgraph.c) */
};

/* The strategies, per schedule. */
/* RT_SYNC: a random walk over the synchronisation steps; a plain memory
 * access switches thread only one time in RT_SYNC_ACCESS_ODDS.
 * RT_RELEASE: a thread runs on until it blocks, ends, yields or spins, and
 * after a release (unlock, post, signal) goes on or hands over at even
 * odds; a creating thread goes on (rt_core.c, release_next). */
enum rt_strategy { RT_PCT, RT_RANDOM, RT_FOLLOW, RT_CHOOSE, RT_SYNC, RT_BOUNDED, RT_RELEASE };
enum { RT_SYNC_ACCESS_ODDS = 16 };

/* A step a thread is about to perform. */
typedef struct {
    uint8_t op;        /* enum rk_op */
    uint32_t size;     /* bytes of an access */
    uintptr_t pc;      /* where in the program (a return address) */
    uintptr_t addr;    /* the location, or the object (mutex, condvar...) */
    uintptr_t obj;     /* a second object: the mutex of a condvar wait */
    long arg;          /* join: the thread waited for */
} rt_op;

typedef struct rt_thread {
    int id;
    int used, finished, detached, joined;
    pid_t tid;
    _Atomic uint32_t turn;  /* the baton: 1 = go */
    _Atomic uint32_t asleep; /* 1: waits in the kernel for the baton */
    rt_op op;               /* the step it performs when chosen */
    uintptr_t created_pc;
    void *(*fn)(void *);
    void *arg, *ret;
    pthread_t handle;
    int64_t prio;           /* PCT */
    uint32_t quiet;         /* steps in a row that wrote nothing */
    uint32_t tries;         /* tries failed since it last gave way or a try succeeded */
    uint32_t failed;        /* tries failed since one last succeeded (rt_tried) */
    uint64_t failing_since; /* the step of the first of those */
    uint64_t enabled_at;    /* the last step at which it could run */
    int signaled;           /* condvar: woken by signal/broadcast */
    int timed;              /* the pending wait may time out instead */
    uint64_t wait_seq;      /* condvar: FIFO order of waiters */
    uint64_t wait_gen;      /* barrier: the round it waits to end */
} rt_thread;

enum rt_obj_kind { RT_OBJ_MUTEX = 1, RT_OBJ_RWLOCK, RT_OBJ_COND, RT_OBJ_SEM, RT_OBJ_BARRIER, RT_OBJ_ONCE, RT_OBJ_SPIN };

/* The model of one synchronisation object, found by its address. */
typedef struct {
    uintptr_t addr;
    uint8_t kind;
    int type;          /* mutex: PTHREAD_MUTEX_NORMAL, _RECURSIVE, _ERRORCHECK;
                          rwlock: its kind, PTHREAD_RWLOCK_PREFER_READER_NP or
                          PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP */
    int owner;         /* holder's id (mutex, spin, rwlock writer), -1 when free */
    int depth;         /* recursive mutex: times locked */
    int readers;       /* rwlock */
    long value;        /* semaphore value; barrier: threads per round */
    long arrived;      /* barrier: arrivals this round */
    uint64_t gen;      /* barrier: rounds completed */
    int once;          /* pthread_once: 0 not run, 1 running, 2 done */
    uintptr_t lock_pc; /* where the holder took it */
} rt_obj;

/* Records the forked schedule leaves for the runtime's parent process. */
typedef struct {
    uint16_t thread;
    uint8_t op, kind, obj_kind;
    uint32_t size, count, block, obj_block;
    uint64_t pc, addr, span, obj;
} rt_step_rec;

typedef struct {
    uint32_t id;
    uint8_t state; /* 0 enabled, 1 blocked, 2 finished */
    uint8_t op, kind, obj_kind;
    uint32_t block, obj_block;
    int32_t holder;
    uint64_t pc, addr, obj, holder_pc, created_pc;
} rt_thread_rec;

/* One edge of a lock-order cycle: `thread` took lock `to` at to_pc while
 * it held `from`, taken at from_pc (locations as rt_where gives them). */
typedef struct {
    uint16_t thread;
    uint8_t from_kind, to_kind;
    uint32_t from_block, to_block;
    uint64_t from, to, from_pc, to_pc;
} rt_edge_rec;

typedef struct rt_shm {
    _Atomic uint64_t steps;      /* progress, watched by the parent */
    _Atomic int32_t running_tid; /* kernel tid of the running thread */
    _Atomic int32_t running_id;
    _Atomic uint64_t running_pc;
    uint64_t visible;            /* steps where the strategy could switch */
    int end;                     /* 0: the process ended by itself, else RT_END_* */
    char detail[512];
    uint64_t n_runs;
    uint64_t n_trace, trace_dropped;
    uint32_t n_blocks, n_thread_recs;
    rt_thread_rec threads[RT_MAX_THREADS];
    struct { uint64_t pc, size; } blocks[RT_MAX_BLOCKS];
    rk_sched_run runs[RT_MAX_RUNS];
    rt_step_rec trace[RT_MAX_TRACE];
    /* rt_bounded.h: the parent sets the prefix, the child records its choice points. */
    uint32_t n_prefix;
    uint16_t prefix_sleep;       /* asleep at the first choice point past the prefix */
    uint8_t prefix[RT_MAX_NODES];
    uint32_t n_nodes;
    uint8_t nodes_cut;           /* more choice points than recorded */
    uint8_t redundant;           /* ended early: equivalent to a schedule run before */
    rt_node nodes[RT_MAX_NODES];
    /* Kept across schedules (rt_shared.c): raw pcs, the same in every child. */
    int shared_pcs_full;
    uint8_t learnt_new;          /* this schedule learnt an instruction (reset per schedule) */
    uint8_t bounded_refused;     /* mix: too many threads for the bounded search; the
                                  * schedule went on as a release walk */
    uintptr_t shared_pcs[RT_SHARED_PCS];
    /* The watch gives up on a schedule (rt_main.c): it sets `halt`, and
     * the schedule records its threads at its next step; a thread stuck
     * outside every step does so on rt_snapshot_signal() and sets
     * `snapped`. */
    _Atomic int halt, snapped;
    /* The schedule's first lock-order cycle (rt_lockgraph.c): n_cycle
     * edges kept of its cycle_len; 0 when none. */
    uint32_t n_cycle, cycle_len;
    rt_edge_rec cycle[RT_CYCLE_EDGES];
} rt_shm;

/* Ends of a schedule the runtime decides itself (index into rt_end_names). */
enum { RT_END_NONE, RT_END_DEADLOCK, RT_END_LIVELOCK, RT_END_DIVERGED, RT_END_PAUSED,
       RT_END_LIMIT, RT_END_FOREIGN, RT_END_UNMODELLED };

typedef struct {
    int active;             /* a schedule is running: steps are controlled */
    int strategy;           /* enum rt_strategy */
    int trace;              /* record every step in shm->trace */
    rk_pct pct;
    rk_rng rng;             /* random walk */
    uint64_t step;          /* steps decided */
    uint64_t visible;       /* of those, steps where a switch was possible */
    uint16_t sleep;         /* RT_BOUNDED: threads asleep at the next choice point */
    uint64_t max_steps;
    int running;            /* the thread performing the current step */
    int last;               /* the thread of the previous step, -1 at first */
    uint8_t last_op;        /* what that step did (enum rk_op) */
    int n_threads;
    rt_thread threads[RT_MAX_THREADS];
    uint64_t wait_seq;
    /* RT_FOLLOW: the schedule to replay, then run on without preemption. */
    const rk_sched_run *follow;
    size_t n_follow, follow_at;
    uint32_t follow_left;
    /* RT_CHOOSE: the thread to run at each step where several can. */
    const uint32_t *choices;
    size_t n_choices, choice_at;
    /* The executable's image: globals are named by their ELF address. */
    uintptr_t bias, image_lo, image_hi;
    rt_shm *shm;
} rt_state;

/* ---- rt_state.c: the state, and what can be read off it -------------- */

extern rt_state rt;
extern __thread rt_thread *rt_self;

/* The model of every synchronisation object: open addressing from
 * rt_obj_slot(addr); entries are never removed, so pointers into the table
 * stay valid. Only rt_obj_get (rt_objects.c) adds to it. */
extern rt_obj rt_objects[RT_MAX_OBJECTS];

/* rt_obj_slot - where the search for the model of `addr` starts. */
size_t rt_obj_slot(uintptr_t addr);

/* rt_obj_find - the model at `addr`, or NULL when it has none. */
rt_obj *rt_obj_find(uintptr_t addr);

/* rt_holds_lock - 1 when thread `id` holds a mutex, spin lock or write lock. */
int rt_holds_lock(int id);

/* rt_rwlock_read_free - 1 when `t` may take rwlock `o` (NULL: not met
 * yet) for reading now: no thread holds it for writing and, when its kind
 * prefers writers (PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP, glibc's
 * only kind that does), no other thread waits in a blocking wrlock for it.
 * The default kind lets a reader in while a writer waits, as glibc does. */
int rt_rwlock_read_free(const rt_obj *o, const rt_thread *t);

/* rt_enabled - 1 when `t` can perform its pending step now. */
int rt_enabled(const rt_thread *t);

/* rt_spinning - 1 when `t` waits by looping: RT_SPIN_STEPS reads in a
 * row with no write, or RT_SPIN_TRIES failed tries (a trylock, trywait or
 * timed wait that did not get its object) since it last gave way or a
 * try of it succeeded. A strategy lets the other threads go first then,
 * as after a yield (docs/exploration.md, "Starvation"). */
int rt_spinning(const rt_thread *t);

/* rt_livelocked - how many threads are in a livelock (0: none): every
 * live thread that could run in the last stretch has failed
 * RT_LIVELOCK_TRIES tries in a row (rt_tried), and the others were blocked
 * throughout it - one that could have run meanwhile might end the loop
 * under a fairer choice, so the schedule goes on. Writes the failing
 * threads' numbers to `who` ("1", "1 and 2", "1, 2 and 3"). */
int rt_livelocked(char *who, size_t size);

/* rt_holder - who keeps `t` waiting (-1 when nobody in particular) and
 * where that thread took the object (0 when unknown). */
int rt_holder(const rt_thread *t, uintptr_t *where);

/* ---- rt_core.c: steps, choices, ends --------------------------------- */

/* rt_controlled - the calling thread when a schedule runs and it holds the
 * baton; NULL when its calls must go to the real functions (before main,
 * in a forked child process, in a finished thread, in a signal handler of
 * a waiting thread). A thread the scheduler did not start ends the
 * schedule (RT_END_FOREIGN). */
rt_thread *rt_controlled(void);

/* rt_step - `self` (holding the baton) is about to perform `op`: choose the
 * thread of the next step, let it run, and return when `self` is chosen to
 * perform `op` (which is then possible: its lock free, its wait over...). */
void rt_step(rt_thread *self, uint8_t op, uintptr_t pc, uintptr_t addr, uintptr_t obj, uint32_t size);

/* rt_access_step - rt_step for a plain read or write (`op`): when only
 * `self` has touched the memory, an exploring strategy goes on with `self`
 * without choosing (the step is still counted and recorded). */
void rt_access_step(rt_thread *self, uint8_t op, uintptr_t pc, uintptr_t addr, uint32_t size);

/* rt_wait_turn - block the calling thread `t` until it holds the baton. */
void rt_wait_turn(rt_thread *t);

/* rt_leave - `self` has finished: choose the next step and hand over the
 * baton without waiting for it again. Returns at once when no thread is
 * left. */
void rt_leave(rt_thread *self);

/* rt_tried - `self` has just tried to take an object without waiting
 * for it (a trylock, tryrdlock, trywrlock, spin trylock or sem_trywait)
 * or with a time limit (a timed lock, wait or sem_timedwait), and `got`
 * it or not. A failure counts towards rt_spinning; when every thread that
 * can run has failed RT_LIVELOCK_TRIES tries in a row, none of them
 * succeeding, while each gave way to the others in turn, the schedule is
 * a livelock: it ends (RT_END_LIVELOCK). */
void rt_tried(rt_thread *self, int got);

/* rt_yielded - `self` yielded or slept: under PCT it goes below the others. */
void rt_yielded(rt_thread *self);

/* rt_end - end the schedule now with `end` (RT_END_*) and a detail line:
 * snapshot the threads into shm, flush the program's output, _exit. */
void rt_end(int end, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

/* rt_thread_new - register a thread (id = creation order); NULL when the
 * table is full (the schedule ends). */
rt_thread *rt_thread_new(void);

/* rt_thread_of - the newest not-joined thread with this handle, or NULL. */
rt_thread *rt_thread_of(pthread_t handle);

/* rt_begin - start controlling the calling thread as thread 0 (main). */
void rt_begin(void);

/* ---- rt_choose.c: the strategies' choices ------------------------------ */

/* rt_choose_next - the thread of the next step under rt.strategy, among
 * the `count` threads `enabled` marks; may end the schedule (rt_end). */
int rt_choose_next(const unsigned char *enabled, int count);

/* ---- rt_objects.c: making the model of an object --------------------- */

/* rt_obj_get - the model of the object at `addr`, created as `kind` when it
 * is new (or when it was destroyed and is used as another kind); NULL when
 * the table is full (the schedule ends first). */
rt_obj *rt_obj_get(uintptr_t addr, int kind);

/* ---- rt_lockgraph.c: the order locks are taken in --------------------- */

/* rt_lock_order - `self` is about to take the lock at `addr` at `pc` and
 * may wait for it (lock, rdlock, wrlock; not a trylock): an edge to it from
 * every lock `self` holds; the first edge of the schedule that closes a
 * cycle records the cycle in rt.shm. Call it before the lock's step. */
void rt_lock_order(const rt_thread *self, uintptr_t addr, uintptr_t pc);

/* rt_lock_held - `self` took the lock at `addr` at `pc` (a trylock too):
 * later locks it takes while it holds this one get an edge from it. */
void rt_lock_held(const rt_thread *self, uintptr_t addr, uintptr_t pc);

/* rt_lock_released - `self` no longer holds the lock at `addr`. */
void rt_lock_released(const rt_thread *self, uintptr_t addr);

/* rt_lock_forget - the lock at `addr` was destroyed or initialised: it
 * leaves the graph with its edges (its address may be another lock's). */
void rt_lock_forget(uintptr_t addr);

/* ---- rt_memory.c: where an address is -------------------------------- */

/* rt_where - classify `addr`: *kind 'g' (global: *value is its ELF
 * address), 'h' (heap: *block from 1, *value the offset), 'o' (other: the
 * raw address), '-' for 0. */
void rt_where(uintptr_t addr, uint8_t *kind, uint32_t *block, uint64_t *value);

/* rt_image_init - find the executable's image and load bias. */
void rt_image_init(void);

/* rt_elf_pc - a program counter as an address in the ELF file (0 stays 0). */
uint64_t rt_elf_pc(uintptr_t pc);

/* ---- rt_shared.c: which accesses other threads could tell apart ------ */

/* rt_shared_init - map the shadow of the program's memory; once, before
 * the first schedule. Without it every access counts as shared. */
void rt_shared_init(void);

/* rt_access_shared - thread `id` reads or writes [addr, addr + size) at
 * `pc`: 1 when another thread has touched that memory in this schedule, or
 * the instruction has touched shared memory in an earlier one (a switch
 * just before it may matter); 0 when no other thread could tell whether
 * it ran before or after their steps. */
int rt_access_shared(int id, uintptr_t pc, uintptr_t addr, uint32_t size);

/* ---- rt_trace.c ------------------------------------------------------- */

/* rt_trace_step - record that `t` performs its pending step (trace mode). */
void rt_trace_step(const rt_thread *t);

/* rt_snapshot - every thread's state and pending step into shm->threads. */
void rt_snapshot(void);

/* rt_snapshot_running - rt_snapshot, with the thread holding the baton
 * marked running (state 3): its step is the last it took. */
void rt_snapshot_running(void);

/* rt_snapshot_signal - the signal the watch sends a thread stuck outside
 * every step; rt_snapshot_when_asked - in a schedule's process, answer it:
 * the thread holding the baton takes rt_snapshot_running and sets
 * shm->snapped (the state is its own: it is between two steps). */
int rt_snapshot_signal(void);
void rt_snapshot_when_asked(void);

/* ---- rt_unmodelled.c: the calls the scheduler does not model -------- */

/* rt_unmodelled - end the schedule now (RT_END_UNMODELLED): `self`, at
 * `pc`, calls `what`, which the model cannot follow. Does not return. */
void rt_unmodelled(rt_thread *self, uintptr_t pc, const char *what) __attribute__((noreturn));

/* rt_exit_unwinds - `self` calls pthread_exit at `pc`: ends the schedule
 * (RT_END_UNMODELLED) when a cleanup handler is pushed, which would run
 * after the thread has left the schedule; returns otherwise. */
void rt_exit_unwinds(rt_thread *self, uintptr_t pc);

/* Outputs and records: declared after the types they use (rt_shm). */
#include "rt_output.h"

#endif
