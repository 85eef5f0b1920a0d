/* semaphores/wait-order (safe): a producer and a consumer pass numbers
 * through a bounded buffer of two slots, with the textbook three
 * semaphores: `empty` counts free slots, `full` counts filled ones, and
 * `mutex` (a semaphore that starts at 1) guards the buffer itself.
 *
 * The producer first waits for a free slot, then takes `mutex`, as the
 * consumer first waits for an item. Nobody sleeps on a counting semaphore
 * while holding `mutex`: whoever holds it only touches the buffer and
 * posts it again, so the other thread always gets it back. */
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

enum { SLOTS = 2, ITEMS = 4 };

static int buffer[SLOTS];
static int in, out;          /* next slot to fill, next slot to empty */
static sem_t empty, full;    /* free slots, filled slots */
static sem_t mutex;          /* guards buffer, in and out */
static int taken[ITEMS];     /* what the consumer got, in order */

static void *producer(void *arg)
{
    (void)arg;
    for (int item = 1; item <= ITEMS; item++) {
        sem_wait(&empty);
        sem_wait(&mutex);
        buffer[in] = item;
        in = (in + 1) % SLOTS;
        sem_post(&mutex);
        sem_post(&full);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (int i = 0; i < ITEMS; i++) {
        sem_wait(&full);
        sem_wait(&mutex);
        taken[i] = buffer[out];
        out = (out + 1) % SLOTS;
        sem_post(&mutex);
        sem_post(&empty);
    }
    return NULL;
}

int main(void)
{
    sem_init(&empty, 0, SLOTS); /* 0: this process's threads only */
    sem_init(&full, 0, 0);
    sem_init(&mutex, 0, 1);
    pthread_t p, c;
    pthread_create(&p, NULL, producer, NULL);
    pthread_create(&c, NULL, consumer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    for (int i = 0; i < ITEMS; i++)
        assert(taken[i] == i + 1);
    printf("consumer took %d items, in order\n", ITEMS);
    return 0;
}
