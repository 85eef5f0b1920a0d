/* fixture deadlock/stuck (unsafe): thread 0 holds a and waits for b,
 * thread 1 holds b and waits for a. */
#include "racekit.h"

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_one;

static void take(int index, void *shared)
{
    (void)shared;
    pthread_mutex_t *first = index == 0 ? &a : &b, *second = index == 0 ? &b : &a;
    pthread_mutex_lock(first);
    pthread_barrier_wait(&both_hold_one);
    pthread_mutex_lock(second);
    pthread_mutex_unlock(second);
    pthread_mutex_unlock(first);
}

int main(void)
{
    pthread_barrier_init(&both_hold_one, NULL, 2);
    racekit_run(2, take, NULL);
    return 0;
}
