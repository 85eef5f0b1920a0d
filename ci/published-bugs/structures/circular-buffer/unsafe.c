/* structures/circular-buffer (unsafe): a producer sends 1..6 to a consumer
 * through a ring of two slots.
 *
 * `in` and `out` count the items put and taken, so the ring is full when
 * in - out == SLOTS. The producer's wait uses `>` instead: with the ring
 * full it writes one more item, over the oldest one the consumer has not
 * taken yet, and the consumer receives the values out of order. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

#define SLOTS 2
#define ITEMS 6

static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int ring[SLOTS];
static unsigned in, out;

static void *producer(void *arg)
{
    (void)arg;
    for (int v = 1; v <= ITEMS; v++) {
        pthread_mutex_lock(&ring_lock);
        while (in - out > SLOTS) /* full? */
            pthread_cond_wait(&changed, &ring_lock);
        ring[in % SLOTS] = v;
        in++;
        pthread_cond_broadcast(&changed);
        pthread_mutex_unlock(&ring_lock);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (int expected = 1; expected <= ITEMS; expected++) {
        pthread_mutex_lock(&ring_lock);
        while (in == out) /* empty? */
            pthread_cond_wait(&changed, &ring_lock);
        int v = ring[out % SLOTS];
        out++;
        pthread_cond_broadcast(&changed);
        pthread_mutex_unlock(&ring_lock);
        assert(v == expected);
    }
    return NULL;
}

int main(void)
{
    pthread_t prod, cons;
    pthread_create(&prod, NULL, producer, NULL);
    pthread_create(&cons, NULL, consumer, NULL);
    pthread_join(prod, NULL);
    pthread_join(cons, NULL);
    printf("passed %d items through %d slots\n", ITEMS, SLOTS);
    return 0;
}
