/* condvar/one-condvar (safe): a producer and two consumers share a
 * one-slot buffer and TWO condition variables, and wake each other with
 * pthread_cond_signal.
 *
 * Producers wait for "the slot is empty" on `not_full`, consumers wait for
 * "the slot is full" on `not_empty`. Each condition variable has only one
 * kind of waiter, so a signal always wakes a thread that can use it: a
 * consumer that empties the slot signals `not_full`, which only the producer
 * waits on. */
#include "racekit.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;  /* producers wait here */
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER; /* consumers wait here */
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
            pthread_cond_wait(&not_full, &lock);
        slot = item;
        count = 1;
        pthread_cond_signal(&not_empty); /* wakes a consumer */
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
        pthread_cond_wait(&not_empty, &lock);
    got[index] = slot;
    count = 0;
    pthread_cond_signal(&not_full); /* wakes the producer */
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
