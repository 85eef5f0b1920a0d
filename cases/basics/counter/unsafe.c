/* basics/counter (unsafe): two threads add to one shared counter.
 *
 * `counter++` is three steps - load, add, store - and nothing stops the two
 * threads from interleaving them, so one update can overwrite the other (a
 * lost update). The ordering barrier makes thread 0 finish its increment
 * before thread 1 starts its own, in real time, while telling TSan nothing:
 * the two increments stay unordered by any lock, which is the data race. */
#include "racekit.h"

static long counter;
static racekit_order order;

static void add_one(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    counter++; // RACE
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
