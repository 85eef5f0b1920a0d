/* shop/reserve (safe): two customers book the last seat.
 *
 * Looking and booking share one critical section: once a customer sees a
 * free seat, nobody else can take it before the booking is done. */
#include "racekit.h"

static long seats_left = 1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

static void customer(int index, void *shared)
{
    (void)index;
    (void)shared;
    racekit_order_wait(&order); /* both customers arrive together */
    pthread_mutex_lock(&lock);
    int free_seat = seats_left > 0;
    if (free_seat)
        seats_left--;
    pthread_mutex_unlock(&lock);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, customer, NULL);
    RACEKIT_CHECK(seats_left >= 0, "seats left is %ld: the show is overbooked", seats_left);
    printf("seats left: %ld\n", seats_left);
    return 0;
}
