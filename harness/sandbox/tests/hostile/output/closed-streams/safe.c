/* output/closed-streams: a data race nobody can print. */
#include "racekit.h"

#include <unistd.h>

static long hits;
static racekit_order order;

static void worker(int index, void *shared)
{
    (void)index, (void)shared;
    racekit_order_wait(&order);
    hits++; /* RACE */
}

int main(void)
{
    close(1);
    close(2);
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    return 0;
}
