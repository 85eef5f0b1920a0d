/* check-then-act/home-made-lock (safe): two threads add to a counter
 * under a lock built from an atomic_flag.
 *
 * atomic_flag_test_and_set reads the old value and sets the flag in one
 * indivisible step, so only one thread can see "was clear" and enter. The
 * acquire on taking the lock and the release on clearing it make
 * everything done inside one critical section visible to the next holder:
 * that is what makes it a lock, for the CPU, the compiler and TSan. */
#include "racekit.h"

static atomic_flag locked = ATOMIC_FLAG_INIT; /* set while some thread holds the lock */
static long counter;
static racekit_order order;

static void spin_lock(void)
{
    while (atomic_flag_test_and_set_explicit(&locked, memory_order_acquire))
        ; /* spin until the holder clears the flag */
}

static void spin_unlock(void)
{
    atomic_flag_clear_explicit(&locked, memory_order_release);
}

static void add_one(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    spin_lock();
    counter++;
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
