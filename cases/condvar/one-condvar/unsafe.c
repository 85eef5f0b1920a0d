/* condvar/one-condvar (unsafe): a producer and two consumers share a
 * one-slot buffer and ONE condition variable, and wake each other with
 * pthread_cond_signal.
 *
 * Producers wait for "the slot is empty", consumers for "the slot is full",
 * but both kinds of waiter sleep on the same condition variable. A signal
 * wakes one waiter - not necessarily one of the kind that can use it. Here a
 * consumer that empties the slot wakes the other consumer instead of the
 * producer; that consumer finds nothing, goes back to sleep, and the
 * producer sleeps on with a slot that is already empty: everyone waits.
 * The ordering barriers make the consumers fall asleep first, one after the
 * other, then the producer start, on every run. Every access is under the
 * mutex, so TSan sees nothing: the symptom is the hang. */
#include "racekit.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER; /* for everybody */
static int slot;  /* the buffer: one item */
static int count; /* 0 = empty, 1 = full */
static int got[3];
static racekit_order c1_asleep; /* consumer 1 -> consumer 2 */
static racekit_order c2_asleep; /* consumer 2 -> producer */

static void producer(void)
{
    racekit_order_wait(&c2_asleep);
    pthread_mutex_lock(&lock); /* granted once consumer 2 sleeps */
    for (int item = 1; item <= 2; item++) {
        while (count == 1)
            pthread_cond_wait(&changed, &lock);
        slot = item;
        count = 1;
        pthread_cond_signal(&changed); /* meant for a consumer */
    }
    pthread_mutex_unlock(&lock);
}

static void consumer(int index)
{
    if (index == 2)
        racekit_order_wait(&c1_asleep);
    pthread_mutex_lock(&lock); /* granted once consumer 1 sleeps */
    /* With the lock held: the next thread's lock waits until we sleep. */
    racekit_order_wait(index == 1 ? &c1_asleep : &c2_asleep);
    while (count == 0)
        pthread_cond_wait(&changed, &lock);
    got[index] = slot;
    count = 0;
    pthread_cond_signal(&changed); /* meant for the producer */
    pthread_mutex_unlock(&lock);
}

static void run(int index, void *shared)
{
    (void)shared;
    if (index == 0)
        producer();
    else
        consumer(index);
}

int main(void)
{
    racekit_order_init(&c1_asleep, 2);
    racekit_order_init(&c2_asleep, 2);
    racekit_run(3, run, NULL);
    RACEKIT_CHECK(got[1] + got[2] == 3, "consumers took %d and %d, expected 1 and 2",
                  got[1], got[2]);
    printf("consumer 1 took %d, consumer 2 took %d\n", got[1], got[2]);
    return 0;
}
