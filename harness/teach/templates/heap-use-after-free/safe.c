/* @ID@ (safe): TODO one sentence on the fix.
 *
 * TODO Say why the fix is enough. In this skeleton main frees the item after
 * joining both threads: the join orders every use before the free. */
#include "racekit.h"

static long *item;
static long seen;
static racekit_order order;

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 0) {
        racekit_order_wait(&order); /* no free here: main frees after the join */
    } else {
        racekit_order_wait(&order);
        seen = *item;
    }
}

int main(void)
{
    item = malloc(sizeof *item);
    RACEKIT_CHECK(item != NULL, "out of memory");
    *item = 42;
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    free(item);
    printf("seen = %ld\n", seen);
    return 0;
}
