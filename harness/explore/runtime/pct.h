/* pct.h - the choices of racekit's scheduler: a small deterministic random
 * generator, PCT and random walk.
 *
 * PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte: "A Randomized Scheduler
 * with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010): every thread
 * gets a random priority; at each step the enabled thread with the highest
 * priority runs; at d-1 steps chosen at random among the first k, the
 * running thread's priority drops below every initial one. A bug that needs
 * d ordering constraints among n threads is found by one schedule with
 * probability at least 1/(n * k^(d-1)). Random walk: each step, any enabled
 * thread, uniformly.
 *
 * Shared by the runtime and the harness's unit tests: no allocation, no I/O,
 * nothing that depends on time or addresses. */
#ifndef RK_PCT_H
#define RK_PCT_H

#include <stdint.h>

enum { RK_PCT_MAX_DEPTH = 16 };

typedef struct {
    uint64_t state;
} rk_rng;

/* rk_rng_seed, rk_rng_next, rk_rng_below - splitmix64: a seed gives one
 * sequence, on every machine. rk_rng_below returns a value in [0, n) (n >= 1). */
void rk_rng_seed(rk_rng *r, uint64_t seed);
uint64_t rk_rng_next(rk_rng *r);
uint64_t rk_rng_below(rk_rng *r, uint64_t n);

/* rk_seed_of - the seed of schedule number `index` of a run seeded `seed`
 * (so any one schedule can be rerun alone). */
uint64_t rk_seed_of(uint64_t seed, uint64_t index);

typedef struct {
    rk_rng rng;
    int depth;                         /* d >= 1 */
    uint64_t change[RK_PCT_MAX_DEPTH]; /* change points, ascending, 1-based steps */
    int n_change;
    int next_change;                   /* index into change[] */
    int64_t low;                       /* next priority given by rk_pct_demote */
} rk_pct;

/* rk_pct_init - PCT of depth `depth` (clamped to 1..RK_PCT_MAX_DEPTH) for a
 * program of about `k` steps (k >= 1): draws the d-1 change points (distinct
 * when k allows). */
void rk_pct_init(rk_pct *p, uint64_t seed, int depth, uint64_t k);

/* rk_pct_priority - the initial priority of a new thread (always above
 * every priority a change point or a demotion gives). */
int64_t rk_pct_priority(rk_pct *p);

/* rk_pct_at_step - 1 when `step` (1-based) is the next change point; then
 * *prio is the priority the thread that ran the previous step gets. Call it
 * once per step, in order. */
int rk_pct_at_step(rk_pct *p, uint64_t step, int64_t *prio);

/* rk_pct_demote - a priority below every one given so far: for a thread
 * that yields or spins, so the others can make progress. */
int64_t rk_pct_demote(rk_pct *p);

/* rk_pick_highest - the index i in [0, n) with enabled[i] != 0 and the
 * highest prio[i] (the lowest index among equals), or -1 when none is
 * enabled. */
int rk_pick_highest(const int64_t *prio, const unsigned char *enabled, int n);

/* rk_pick_random - a uniformly chosen index with enabled[i] != 0, or -1. */
int rk_pick_random(rk_rng *r, const unsigned char *enabled, int n);

#endif
