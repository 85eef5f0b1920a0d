/* fixture basics/silent (unsafe): the bug was fixed by mistake, TSan has
 * nothing to report. The markers stay on the update. */
#include "racekit.h"

static long tally;
static pthread_mutex_t tally_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

static void bump(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order);
    pthread_mutex_lock(&tally_lock);
    tally += 1; // RACE
    pthread_mutex_unlock(&tally_lock);
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
