/* deadlock/foreign-unlock (unsafe): an extra unlock releases a mutex another thread holds.
 *
 * pop_locked() is called with the queue locked, but on its error path
 * (empty queue) it unlocks the mutex itself - and its caller, following the
 * usual rule "I locked it, I unlock it", unlocks it again. The first unlock
 * is the real one; thread 0 then locks the queue to push an item. The
 * caller's second unlock, made while thread 0 is inside its critical
 * section, releases thread 0's lock. A default mutex does not check its
 * owner, so nothing fails: mutual exclusion is silently gone. The ordering
 * barrier places that second unlock inside thread 0's critical section. */
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
    if (q->count == 0) {
        pthread_mutex_unlock(&q->lock); /* error path "cleans up" the caller's lock */
        return -1;
    }
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
        racekit_order_wait(&order); /* 1 */
        racekit_order_wait(&order); /* 2: the producer holds the lock */
        pthread_mutex_unlock(&queue.lock); /* unlocks the producer's lock */
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
