/* @ID@ (unsafe): TODO one sentence on what goes wrong.
 *
 * TODO Say which locks are taken in which orders. In this skeleton thread 0
 * locks A then B, and thread 1 locks B then A. The ordering barrier makes
 * thread 1 start only after thread 0 has released both, so this run never
 * blocks; but the two orders form a cycle, and TSan reports the deadlock
 * that another run could hit. */
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
    if (index == 0)
        lock_both(&lock_a, &lock_b);
    else
        lock_both(&lock_b, &lock_a);
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
