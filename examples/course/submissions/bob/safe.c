/* bob: seats_left made atomic - but the look and the booking are still two
 * steps, so two customers can both see the last seat. */
#include "racekit.h"
#include <stdatomic.h>

static _Atomic long seats_left = 1;

static void customer(int index, void *shared)
{
    (void)index;
    (void)shared;
    int free_seat = atomic_load(&seats_left) > 0;
    if (free_seat)
        atomic_fetch_sub(&seats_left, 1);
}

int main(void)
{
    racekit_run(2, customer, NULL);
    RACEKIT_CHECK(seats_left >= 0, "seats left is %ld: the show is overbooked", seats_left);
    printf("seats left: %ld\n", seats_left);
    return 0;
}
