/* @ID@ (unsafe): TODO one sentence on what goes wrong.
 *
 * TODO Say who owns the memory and who frees it too early. In this skeleton
 * thread 0 frees a shared item while thread 1 still uses it; the ordering
 * barrier makes the free come first in real time, without telling TSan, so
 * the read is reported as a use after free on every run. */
#include "racekit.h"

static long *item;
static long seen;
static racekit_order order;

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 0) {
        free(item); // RACE
        racekit_order_wait(&order); /* the free happens first */
    } else {
        racekit_order_wait(&order);
        seen = *item; // RACE
    }
}

int main(void)
{
    item = malloc(sizeof *item);
    RACEKIT_CHECK(item != NULL, "out of memory");
    *item = 42;
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    printf("seen = %ld\n", seen);
    return 0;
}
