/* limits/same-word (safe): two racy fields in one 8-byte word, one report.
 *
 * One mutex guards the whole struct, so both updates are ordered - the one
 * TSan reported and the one it could not. Fixing only the reported field
 * would have left the second race in place. */
#include "racekit.h"

struct stats {
    _Alignas(8) int hits; /* both fields in one aligned 8-byte word */
    int misses;
};
_Static_assert(sizeof(struct stats) == 8, "hits and misses share one word");

static struct stats stats;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

static void count(int index, void *shared)
{
    struct stats *s = shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    pthread_mutex_lock(&stats_lock);
    s->hits++;
    s->misses++;
    pthread_mutex_unlock(&stats_lock);
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, count, &stats);
    RACEKIT_CHECK(stats.hits == 2 && stats.misses == 2,
                  "hits %d, misses %d, expected 2 and 2", stats.hits, stats.misses);
    printf("hits = %d, misses = %d\n", stats.hits, stats.misses);
    return 0;
}
