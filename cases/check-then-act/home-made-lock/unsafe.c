/* check-then-act/home-made-lock (unsafe): two threads add to a counter
 * under a lock built from a plain (volatile) int flag.
 *
 * spin_lock() waits until `locked` is 0 and then sets it to 1: a check and
 * an act, as two separate steps, so both threads can see 0 and both enter.
 * `volatile` only stops the compiler from caching the flag in a register;
 * it makes neither the check-and-set atomic nor the flag a synchronisation,
 * so the counter updates stay unordered. The ordering barrier makes thread
 * 0 run its whole critical section before thread 1 takes the "lock", in
 * real time, while telling TSan nothing: the flag and the counter race. */
#include "racekit.h"

static volatile int locked; /* 1 while some thread holds the "lock" */
static long counter;
static racekit_order order;

static void spin_lock(void)
{
    while (locked) // RACE
        ; /* spin until the holder clears the flag */
    locked = 1; // RACE
}

static void spin_unlock(void)
{
    locked = 0;
}

static void add_one(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    spin_lock();
    counter++; // RACE
    spin_unlock();
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
