/* @ID@ (unsafe): TODO one sentence on what goes wrong.
 *
 * TODO Say what the threads share and which accesses race. In this skeleton
 * two threads add one to a shared counter; the ordering barrier makes thread
 * 0 increment before thread 1 in real time, without telling TSan, so the two
 * unlocked increments are reported as a data race on every run. */
#include "racekit.h"

static long counter;
static racekit_order order;

static void worker(int index, void *shared)
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
    racekit_run(2, worker, NULL);
    RACEKIT_CHECK(counter == 2, "counter is %ld, expected 2", counter);
    printf("counter = %ld\n", counter);
    return 0;
}
