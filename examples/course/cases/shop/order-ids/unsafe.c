/* shop/order-ids (unsafe): two cashiers take order numbers from one counter.
 *
 * `++last_id` reads the last number handed out, adds one and stores it: three
 * steps. Two cashiers that run them at the same time can both read the same
 * number and hand out the same order id twice. The ordering barrier makes
 * cashier 0 take its number before cashier 1, in real time, without telling
 * TSan: nothing orders the two increments, which is the data race. */
#include "racekit.h"

static long last_id;
static long ids[2];
static racekit_order order;

static void cashier(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* cashier 1 goes second */
    ids[index] = ++last_id; // RACE
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
