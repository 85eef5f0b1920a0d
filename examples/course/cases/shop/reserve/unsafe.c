/* shop/reserve (unsafe): two customers book the last seat.
 *
 * Every access to `seats_left` holds the lock, so there is no data race and
 * TSan stays silent. But "is a seat free?" and "take it" are two critical
 * sections: between them another customer can take the seat. The ordering
 * barrier makes both customers look before either books, so both see one
 * seat left, both book it, and the show is overbooked on every run. */
#include "racekit.h"

static long seats_left = 1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

static void customer(int index, void *shared)
{
    (void)index;
    (void)shared;
    pthread_mutex_lock(&lock);
    int free_seat = seats_left > 0;
    pthread_mutex_unlock(&lock);
    racekit_order_wait(&order); /* both customers have looked */
    pthread_mutex_lock(&lock);
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
