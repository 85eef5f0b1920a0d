/* fixture limits/blind-spot (unsafe): `hits` has no lock of its own, but
 * thread 0 unlocks `other` before thread 1 locks it, which orders the two
 * increments for TSan in this run: the race is real and unreported. */
#include "racekit.h"

static long hits;
static pthread_mutex_t other = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

static void hit(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order);
    if (index == 1) {
        pthread_mutex_lock(&other);
        pthread_mutex_unlock(&other);
    }
    hits++; // RACE
    if (index == 0) {
        pthread_mutex_lock(&other);
        pthread_mutex_unlock(&other);
        racekit_order_wait(&order);
    }
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, hit, NULL);
    printf("hits = %ld\n", hits);
    return 0;
}
