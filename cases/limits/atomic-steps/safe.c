/* limits/atomic-steps (safe): every access is atomic, and so is the increment.
 *
 * atomic_fetch_add() loads, adds and stores as ONE indivisible step: no
 * thread can run between the load and the store, so the second increment
 * always starts from the value the first one stored. */
#include "racekit.h"

static atomic_long counter;
static racekit_order order;

static void add_one(int index, void *shared)
{
    (void)index;
    (void)shared;
    racekit_order_wait(&order);    /* both threads arrive together */
    atomic_fetch_add(&counter, 1); /* load, add and store in one step */
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
