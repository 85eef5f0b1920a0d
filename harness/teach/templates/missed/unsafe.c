/* @ID@ (unsafe): TODO one sentence on what goes wrong.
 *
 * TODO Say what the bug is and why TSan cannot see it. In this skeleton two
 * threads increment an atomic counter with an atomic load, then an atomic
 * store: every access is atomic, so there is no data race to report, but the
 * increment as a whole is not. The ordering barrier makes both threads load
 * before either stores, so one update is lost on every run and the
 * program's own check catches what TSan misses. */
#include "racekit.h"

static atomic_long counter;
static racekit_order order;

static void worker(int index, void *shared)
{
    (void)index;
    (void)shared;
    long seen = atomic_load(&counter);
    racekit_order_wait(&order); /* both threads have loaded */
    atomic_store(&counter, seen + 1);
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
