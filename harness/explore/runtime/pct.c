/* pct.c - random generator, PCT and random walk (see pct.h). */
#include "pct.h"

void rk_rng_seed(rk_rng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t rk_rng_next(rk_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t rk_rng_below(rk_rng *r, uint64_t n)
{
    /* Rejection keeps it uniform; n is small, so a retry is rare. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t v;
    do
        v = rk_rng_next(r);
    while (v >= limit);
    return v % n;
}

uint64_t rk_seed_of(uint64_t seed, uint64_t index)
{
    rk_rng r;
    rk_rng_seed(&r, seed ^ (index * 0xd1b54a32d192ed03ULL));
    return rk_rng_next(&r);
}

void rk_pct_init(rk_pct *p, uint64_t seed, int depth, uint64_t k)
{
    if (depth < 1)
        depth = 1;
    if (depth > RK_PCT_MAX_DEPTH)
        depth = RK_PCT_MAX_DEPTH;
    if (k < 1)
        k = 1;
    rk_rng_seed(&p->rng, seed);
    p->depth = depth;
    p->n_change = 0;
    p->next_change = 0;
    p->low = 0;
    for (int j = 0; j < depth - 1; j++) {
        uint64_t c;
        int tries = 0, dup;
        do { /* distinct points while the range has room */
            c = 1 + rk_rng_below(&p->rng, k);
            dup = 0;
            for (int i = 0; i < p->n_change; i++)
                dup |= p->change[i] == c;
        } while (dup && ++tries < 8);
        if (dup)
            continue;
        int i = p->n_change++;
        while (i > 0 && p->change[i - 1] > c) { /* keep ascending */
            p->change[i] = p->change[i - 1];
            i--;
        }
        p->change[i] = c;
    }
}

int64_t rk_pct_priority(rk_pct *p)
{
    /* Above depth, 40 random bits: distinct in practice; equal priorities
     * still give one answer (the lower thread index wins). */
    return (int64_t)p->depth + 1 + (int64_t)(rk_rng_next(&p->rng) >> 24);
}

int rk_pct_at_step(rk_pct *p, uint64_t step, int64_t *prio)
{
    if (p->next_change >= p->n_change || p->change[p->next_change] != step)
        return 0;
    p->next_change++;
    /* The j-th change point gives d - j: below every initial priority,
     * and each later one below the earlier ones. */
    *prio = p->depth - p->next_change;
    return 1;
}

int64_t rk_pct_demote(rk_pct *p)
{
    return p->low--;
}

int rk_pick_highest(const int64_t *prio, const unsigned char *enabled, int n)
{
    int best = -1;
    for (int i = 0; i < n; i++)
        if (enabled[i] && (best < 0 || prio[i] > prio[best]))
            best = i;
    return best;
}

int rk_pick_random(rk_rng *r, const unsigned char *enabled, int n)
{
    int count = 0;
    for (int i = 0; i < n; i++)
        count += enabled[i] != 0;
    if (count == 0)
        return -1;
    uint64_t k = rk_rng_below(r, (uint64_t)count);
    for (int i = 0; i < n; i++)
        if (enabled[i] && k-- == 0)
            return i;
    return -1;
}
