/* structures/queue (safe): a lock-based array queue, one thread enqueuing
 * 1, 2, 3 and one dequeuing them.
 *
 * enqueue() stores the value and advances `tail` in one critical section:
 * a dequeue sees the slot only once the value is in it. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

#define CAPACITY 4
#define EMPTY (-1)

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static int items[CAPACITY];
static int head, tail;

static void enqueue(int v)
{
    pthread_mutex_lock(&queue_lock);
    int slot = tail++;
    items[slot] = v;
    pthread_mutex_unlock(&queue_lock);
}

static int dequeue(void)
{
    pthread_mutex_lock(&queue_lock);
    int v = head < tail ? items[head++] : EMPTY;
    pthread_mutex_unlock(&queue_lock);
    return v;
}

static void *producer(void *arg)
{
    (void)arg;
    for (int v = 1; v <= 3; v++)
        enqueue(v);
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    int expected = 1;
    for (int i = 0; i < 3; i++) {
        int v = dequeue();
        if (v != EMPTY) {
            assert(v == expected);
            expected++;
        }
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
    printf("head %d, tail %d\n", head, tail);
    return 0;
}
