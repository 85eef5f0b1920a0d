/* publication/spinlock-release (unsafe): a test-and-set spinlock guards a
 * shared counter; it is taken with an atomic exchange but released with a
 * plain store.
 *
 * The lock word is a plain int (old code used it with compiler builtins).
 * Taking the lock is an atomic exchange with memory_order_acquire - fine.
 * Releasing it is `lock_word = 0;`, "because storing an aligned int is atomic
 * on x86 anyway". But a plain store is not an atomic operation in C: it races
 * with the next thread's exchange, and it is no release, so nothing that was
 * written inside the critical section is published to the next owner. The
 * ordering barrier makes thread 0's critical section finish before thread
 * 1's starts, in real time, while telling TSan nothing. */
#include "racekit.h"

static int lock_word; /* 0 = free, 1 = held */
static long counter;  /* protected by the spinlock */
static racekit_order order;

static void spin_lock(void)
{
    while (atomic_exchange_explicit((atomic_int *)&lock_word, 1, memory_order_acquire) != 0) // RACE
        sched_yield();
}

static void spin_unlock(void)
{
    lock_word = 0; // RACE
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
