/* limits/atomic-steps (unsafe): every access is atomic, the increment is not.
 *
 * Two threads add one to an atomic counter with an atomic load followed by
 * an atomic store. Each step is atomic, so there is no data race and TSan has
 * nothing to report; but another thread can run between the two steps, and
 * then one update is lost. The ordering barrier makes both threads load
 * before either stores, so the count is wrong on every run. */
#include "racekit.h"

static atomic_long counter;
static racekit_order order;

static void add_one(int index, void *shared)
{
    (void)index;
    (void)shared;
    long seen = atomic_load(&counter); /* step 1: atomic load */
    racekit_order_wait(&order);        /* both threads have loaded */
    atomic_store(&counter, seen + 1);  /* step 2: atomic store */
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, add_one, NULL);
    long total = atomic_load(&counter);
    RACEKIT_CHECK(total == 2, "counter is %ld, expected 2", total);
    printf("counter = %ld\n", total);
    return 0;
}
