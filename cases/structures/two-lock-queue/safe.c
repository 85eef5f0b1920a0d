/* structures/two-lock-queue (safe): Michael and Scott's two-lock queue
 * with its dummy node, one thread enqueuing and one dequeuing.
 *
 * The first node is always a dummy, and the oldest item is the one after
 * it. So the enqueuer touches only `tail` and the last node's `next`, the
 * dequeuer only `head` and the first node's `next`: they meet in one field,
 * the `next` of a node that is both first and last, which is an atomic. */
#include "racekit.h"

#define ITEMS 3

struct node {
    int value;
    _Atomic(struct node *) next; /* the one field both threads may touch */
};

static struct node dummy; /* the queue's first node to start with */
static struct {
    struct node *head; /* guarded by head_lock */
    struct node *tail; /* guarded by tail_lock */
    pthread_mutex_t head_lock, tail_lock;
} q = { &dummy, &dummy, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER };

static struct node nodes[ITEMS]; /* node i carries item i + 1 */
static int got[ITEMS], ngot; /* the values dequeued, in order */
static racekit_order order;

static void enqueue(struct node *n, int value)
{
    n->value = value;
    atomic_init(&n->next, NULL);
    pthread_mutex_lock(&q.tail_lock);
    atomic_store_explicit(&q.tail->next, n, memory_order_release);
    q.tail = n;
    pthread_mutex_unlock(&q.tail_lock);
}

/* dequeue - take the oldest value into *value: 1, or 0 if the queue is
 * empty. */
static int dequeue(int *value)
{
    pthread_mutex_lock(&q.head_lock);
    struct node *first = q.head; /* the dummy */
    struct node *n = atomic_load_explicit(&first->next, memory_order_acquire);
    if (n == NULL) {
        pthread_mutex_unlock(&q.head_lock);
        return 0;
    }
    *value = n->value;
    q.head = n; /* n is the dummy now */
    pthread_mutex_unlock(&q.head_lock);
    return 1;
}

static void run(int index, void *shared)
{
    (void)shared;
    if (index == 0) {
        for (int v = 1; v <= ITEMS; v++)
            enqueue(&nodes[v - 1], v);
        racekit_order_wait(&order); /* the consumer starts after this */
    } else {
        racekit_order_wait(&order);
        for (int i = 0; i < ITEMS; i++)
            if (dequeue(&got[ngot]))
                ngot++; /* (an empty queue gives nothing) */
    }
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, run, NULL);
    printf("the consumer dequeued %d items\n", ngot);
    while (ngot < ITEMS && dequeue(&got[ngot]))
        ngot++; /* main takes what the consumer did not */
    RACEKIT_CHECK(ngot == ITEMS, "%d of %d items came out of the queue", ngot, ITEMS);
    for (int i = 0; i < ITEMS; i++)
        RACEKIT_CHECK(got[i] == i + 1, "item %d came out as %d", i + 1, got[i]);
    int rest;
    RACEKIT_CHECK(!dequeue(&rest), "the queue still holds %d", rest);
    return 0;
}
