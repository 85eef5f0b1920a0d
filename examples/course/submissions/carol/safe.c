/* carol: a missing semicolon. */
#include "racekit.h"

static long seats_left = 1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void customer(int index, void *shared)
{
    (void)index;
    (void)shared;
    pthread_mutex_lock(&lock);
    int free_seat = seats_left > 0;
    if (free_seat)
        seats_left--
    pthread_mutex_unlock(&lock);
}

int main(void)
{
    racekit_run(2, customer, NULL);
    RACEKIT_CHECK(seats_left >= 0, "seats left is %ld: the show is overbooked", seats_left);
    printf("seats left: %ld\n", seats_left);
    return 0;
}
