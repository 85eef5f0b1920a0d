/* shop/order-ids (safe): two cashiers take order numbers from one counter.
 *
 * atomic_fetch_add reads, adds and stores in one indivisible step, so no two
 * cashiers can read the same number, and TSan knows the two increments are
 * ordered. */
#include "racekit.h"

static atomic_long last_id;
static long ids[2];
static racekit_order order;

static void cashier(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* cashier 1 goes second */
    ids[index] = atomic_fetch_add(&last_id, 1) + 1;
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, cashier, NULL);
    RACEKIT_CHECK(ids[0] != ids[1], "both cashiers got order id %ld", ids[0]);
    printf("order ids: %ld %ld\n", ids[0], ids[1]);
    return 0;
}
