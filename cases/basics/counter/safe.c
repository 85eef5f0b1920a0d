/* basics/counter (safe): two threads add to one shared counter.
 *
 * `counter++` is three steps - load, add, store. The mutex makes the three
 * steps of one thread finish before the other thread's begin, and tells TSan
 * (and the CPU) that the second increment happens after the first. */
#include "racekit.h"

static long counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

static void add_one(int index, void *shared)
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
    racekit_run(2, add_one, NULL);
    RACEKIT_CHECK(counter == 2, "counter is %ld, expected 2", counter);
    printf("counter = %ld\n", counter);
    return 0;
}
