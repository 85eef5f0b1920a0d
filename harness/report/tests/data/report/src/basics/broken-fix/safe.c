/* fixture basics/broken-fix (safe, but broken): only thread 0 takes the
 * lock, so the two updates are still unordered - the fix is wrong. */
#include "racekit.h"

static long tally;
static pthread_mutex_t tally_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

static void bump(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order);
    if (index == 0)
        pthread_mutex_lock(&tally_lock);
    tally += 1;
    if (index == 0)
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
