/* @ID@ (safe): TODO one sentence on the fix.
 *
 * TODO Say why the fix is enough. In this skeleton both threads take A
 * before B: with one global lock order no cycle can form. */
#include "racekit.h"

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static long moves;
static racekit_order order;

static void lock_both(pthread_mutex_t *first, pthread_mutex_t *second)
{
    pthread_mutex_lock(first);
    pthread_mutex_lock(second);
    moves++;
    pthread_mutex_unlock(second);
    pthread_mutex_unlock(first);
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    lock_both(&lock_a, &lock_b);
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    printf("moves = %ld\n", moves);
    return 0;
}
