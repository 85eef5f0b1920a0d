/* @ID@ (safe): TODO one sentence on the fix.
 *
 * TODO Say why the fix is enough. In this skeleton atomic_fetch_add does the
 * load, the add and the store as one indivisible step. */
#include "racekit.h"

static atomic_long counter;
static racekit_order order;

static void worker(int index, void *shared)
{
    (void)index;
    (void)shared;
    racekit_order_wait(&order); /* both threads arrive together */
    atomic_fetch_add(&counter, 1);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    long total = atomic_load(&counter);
    RACEKIT_CHECK(total == 2, "counter is %ld, expected 2", total);
    printf("counter = %ld\n", total);
    return 0;
}
