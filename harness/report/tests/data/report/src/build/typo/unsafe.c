/* fixture build/typo (unsafe): both threads bump `tally` with no lock. */
#include "racekit.h"

static long tally;
static racekit_order order;

static void bump(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order);
    tally += 1; // RACE
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, bump, NULL);
    printf("tally = %ld\n", tally);
    return 0;
}
