/* limits/same-word (unsafe): two racy fields in one 8-byte word, one report.
 *
 * Two threads count into a shared struct with no lock: `hits++` races, and so
 * does `misses++`. Both ints share one aligned 8-byte word, and TSan keeps
 * its shadow state per 8-byte word: when it finds the race on `hits`, it
 * clears the word's shadow, so the race on `misses` is never reported. The
 * ordering barrier makes thread 0 finish before thread 1 starts, in real
 * time only: the counts come out right, the two races are still there. */
#include "racekit.h"

struct stats {
    _Alignas(8) int hits; /* both fields in one aligned 8-byte word */
    int misses;
};
_Static_assert(sizeof(struct stats) == 8, "hits and misses share one word");

static struct stats stats;
static racekit_order order;

static void count(int index, void *shared)
{
    struct stats *s = shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    s->hits++;   // RACE
    s->misses++; /* races as well, but TSan stays silent about it */
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
