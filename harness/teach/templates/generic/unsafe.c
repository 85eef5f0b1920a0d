/* @ID@ (unsafe): TODO one sentence on what goes wrong.
 *
 * TODO Write the bug that the case expects (@EXPECT@). racekit has no
 * skeleton for it, so this file starts as a correct two-thread program:
 * change it until `racekit check @ID@ unsafe` passes. Force the bad order
 * with the ordering barrier (racekit_order_wait), never with sleep. */
#include "racekit.h"

static long counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    pthread_mutex_lock(&counter_lock);
    counter++;
    pthread_mutex_unlock(&counter_lock);
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    RACEKIT_CHECK(counter == 2, "counter is %ld, expected 2", counter);
    printf("counter = %ld\n", counter);
    return 0;
}
