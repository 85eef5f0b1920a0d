/* deadlock/double-lock (safe): the reset clears the data and leaves the mutex alone.
 *
 * drain() locks the pool, sums its items and empties it by resetting only
 * the data fields; the mutex stays locked until drain() unlocks it. The
 * producer, told that the pool is empty, waits at pthread_mutex_lock until
 * drain() has really left its critical section: one thread at a time. (The
 * ordering barrier now comes after the unlock: waiting at it while holding
 * the lock would keep the producer stuck at its lock.) */
#include "racekit.h"
#include <semaphore.h>

struct pool {
    pthread_mutex_t lock;
    int items[4];
    int count;
};

#define POOL_INIT { PTHREAD_MUTEX_INITIALIZER, { 0 }, 0 }

static struct pool pool = { PTHREAD_MUTEX_INITIALIZER, { 1, 2, 3 }, 3 };
static sem_t emptied; /* posted when the pool has been drained */
static racekit_order order;
static int drained;

/* Takes every item out of the pool and returns their sum. */
static int drain(struct pool *p)
{
    pthread_mutex_lock(&p->lock);
    int sum = 0;
    for (int i = 0; i < p->count; i++)
        sum += p->items[i];
    memset(p->items, 0, sizeof p->items); /* reset the data, not the lock */
    p->count = 0;
    sem_post(&emptied);
    pthread_mutex_unlock(&p->lock);
    racekit_order_wait(&order); /* the producer refills now */
    return sum;
}

static void refill(struct pool *p)
{
    sem_wait(&emptied);
    pthread_mutex_lock(&p->lock);
    p->items[p->count++] = 10;
    p->items[p->count++] = 20;
    pthread_mutex_unlock(&p->lock);
    racekit_order_wait(&order);
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 0)
        drained = drain(&pool);
    else
        refill(&pool);
}

int main(void)
{
    sem_init(&emptied, 0, 0);
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    RACEKIT_CHECK(drained == 6, "drained %d, expected 6", drained);
    RACEKIT_CHECK(pool.count == 2, "pool holds %d items, expected 2", pool.count);
    printf("drained %d, pool holds %d items\n", drained, pool.count);
    sem_destroy(&emptied);
    return 0;
}
