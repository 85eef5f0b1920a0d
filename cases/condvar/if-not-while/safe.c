/* condvar/if-not-while (safe): two consumers take items from a queue that
 * one producer fills; a consumer that finds the queue empty waits on a
 * condition variable.
 *
 * The consumer waits in a `while` loop: after every wakeup it checks the
 * queue again, with the mutex held, and goes back to sleep if another
 * consumer got there first (a "stolen wakeup") or if the wakeup was spurious.
 * Waking up only means "something changed, look again". */
#include "racekit.h"

enum { CAP = 4 };

static struct {
    pthread_mutex_t lock;
    pthread_cond_t nonempty;
    int items[CAP];
    int count;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, { 0 }, 0 };

static int got[3];          /* what each consumer took */
static racekit_order wake;  /* producer <-> consumer 1 (the one that waits) */
static racekit_order steal; /* producer <-> consumer 2 (the one that steals) */

static int take(void)
{
    pthread_mutex_lock(&q.lock);
    while (q.count == 0) {
        racekit_order_wait(&wake); /* about to sleep (ordering only) */
        pthread_cond_wait(&q.nonempty, &q.lock);
    }
    RACEKIT_CHECK(q.count > 0, "a consumer woke up to an empty queue");
    int item = q.items[--q.count];
    pthread_mutex_unlock(&q.lock);
    return item;
}

static void put(int item)
{
    pthread_mutex_lock(&q.lock);
    q.items[q.count++] = item;
    pthread_mutex_unlock(&q.lock);
    pthread_cond_signal(&q.nonempty);
}

static void producer(void)
{
    racekit_order_wait(&wake);        /* consumer 1 is about to sleep */
    pthread_mutex_lock(&q.lock);      /* granted once it sleeps */
    q.items[q.count++] = 1;           /* put(1), step by step: */
    pthread_mutex_unlock(&q.lock);
    racekit_order_wait(&steal);       /* consumer 2 comes in now... */
    racekit_order_wait(&steal);       /* ...and has taken item 1 */
    pthread_cond_signal(&q.nonempty); /* wakes consumer 1, too late */
    racekit_order_wait(&wake);        /* consumer 1 is about to sleep again */
    put(2);
    racekit_order_wait(&steal);       /* consumer 2 may finish */
}

static void run(int index, void *shared)
{
    (void)shared;
    if (index == 0) {
        producer();
    } else if (index == 1) {
        got[1] = take();
    } else {
        racekit_order_wait(&steal);
        got[2] = take();
        racekit_order_wait(&steal);
        racekit_order_wait(&steal);
    }
}

int main(void)
{
    racekit_order_init(&wake, 2);
    racekit_order_init(&steal, 2);
    racekit_run(3, run, NULL);
    /* Each item taken once, in either order. */
    RACEKIT_CHECK((got[1] == 2 && got[2] == 1) || (got[1] == 1 && got[2] == 2),
                  "consumers took %d and %d, expected items 1 and 2", got[1], got[2]);
    printf("consumer 1 took %d, consumer 2 took %d\n", got[1], got[2]);
    return 0;
}
