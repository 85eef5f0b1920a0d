/* publication/spinlock-release (safe): a test-and-set spinlock guards a
 * shared counter; it is taken with an atomic exchange and released with an
 * atomic store.
 *
 * The lock word is an atomic_int, so every access to it is atomic. Taking the
 * lock is an exchange with memory_order_acquire; releasing it is a store with
 * memory_order_release. The next owner's acquire exchange reads the value of
 * that release store, so everything written inside one critical section
 * happens before everything in the next. */
#include "racekit.h"

static atomic_int lock_word; /* 0 = free, 1 = held */
static long counter;  /* protected by the spinlock */
static racekit_order order;

static void spin_lock(void)
{
    while (atomic_exchange_explicit(&lock_word, 1, memory_order_acquire) != 0)
        sched_yield();
}

static void spin_unlock(void)
{
    atomic_store_explicit(&lock_word, 0, memory_order_release);
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
