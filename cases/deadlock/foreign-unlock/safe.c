/* deadlock/foreign-unlock (safe): only the thread that locked the mutex unlocks it.
 *
 * pop_locked() is called with the queue locked and leaves the lock alone on
 * every path, error or not: the caller locked it, so the caller unlocks it,
 * exactly once. The consumer's single unlock happens before the producer
 * locks, so each thread's critical section is really exclusive. (The
 * consumer's unlock comes before the ordering barrier now: waiting at the
 * barrier while holding the lock would keep the producer from locking.) */
#include "racekit.h"

struct queue {
    pthread_mutex_t lock;
    int items[8];
    int count;
};

static struct queue queue = { PTHREAD_MUTEX_INITIALIZER, { 0 }, 0 };
static racekit_order order;

/* The caller holds q->lock. */
static void push_locked(struct queue *q, int item)
{
    q->items[q->count++] = item;
}

/* The caller holds q->lock. Returns -1 when the queue is empty. */
static int pop_locked(struct queue *q, int *item)
{
    if (q->count == 0)
        return -1;
    *item = q->items[--q->count];
    return 0;
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 0) { /* producer */
        racekit_order_wait(&order); /* 1: the consumer has tried its pop */
        pthread_mutex_lock(&queue.lock);
        push_locked(&queue, 7);
        racekit_order_wait(&order); /* 2: we hold the lock */
        racekit_order_wait(&order); /* 3: the consumer has unlocked */
        pthread_mutex_unlock(&queue.lock);
    } else { /* consumer */
        int item;
        pthread_mutex_lock(&queue.lock);
        int err = pop_locked(&queue, &item);
        pthread_mutex_unlock(&queue.lock); /* the owner unlocks, once */
        racekit_order_wait(&order); /* 1 */
        racekit_order_wait(&order); /* 2: the producer holds the lock */
        racekit_order_wait(&order); /* 3 */
        RACEKIT_CHECK(err == -1, "pop found item %d in an empty queue", item);
    }
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    RACEKIT_CHECK(queue.count == 1, "queue holds %d items, expected 1", queue.count);
    printf("queue holds %d item(s)\n", queue.count);
    return 0;
}
