/* structures/two-lock-queue (unsafe): Michael and Scott's two-lock queue
 * without its dummy node, one thread enqueuing and one dequeuing.
 *
 * The queue has a lock for its head, taken by dequeue(), and one for its
 * tail, taken by enqueue(), so the two can run at the same time. That works
 * only if they never touch the same field, which is what the dummy node is
 * for. Without it an empty queue has head == tail == NULL: enqueue() must
 * set `head` when the queue was empty, and dequeue() must set `tail` when
 * it empties it, each under the lock the other thread does not take. The
 * ordering barrier makes the producer enqueue everything before the
 * consumer starts (a tame order: every item arrives), and TSan reports the
 * unordered accesses to `head`, `tail` and the first node anyway. */
#include "racekit.h"

#define ITEMS 3

struct node {
    int value;
    _Atomic(struct node *) next; /* the one field both threads may touch */
};

static struct {
    struct node *head; /* guarded by head_lock */
    struct node *tail; /* guarded by tail_lock */
    pthread_mutex_t head_lock, tail_lock;
} q = { NULL, NULL, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER };

static struct node nodes[ITEMS]; /* node i carries item i + 1 */
static int got[ITEMS], ngot; /* the values dequeued, in order */
static racekit_order order;

static void enqueue(struct node *n, int value)
{
    n->value = value; // RACE
    atomic_init(&n->next, NULL);
    pthread_mutex_lock(&q.tail_lock);
    if (q.tail == NULL)
        q.head = n; // RACE (the queue was empty)
    else
        atomic_store_explicit(&q.tail->next, n, memory_order_release);
    q.tail = n; // RACE
    pthread_mutex_unlock(&q.tail_lock);
}

/* dequeue - take the oldest value into *value: 1, or 0 if the queue is
 * empty. */
static int dequeue(int *value)
{
    pthread_mutex_lock(&q.head_lock);
    struct node *n = q.head; // RACE
    if (n == NULL) {
        pthread_mutex_unlock(&q.head_lock);
        return 0;
    }
    *value = n->value; // RACE
    q.head = atomic_load_explicit(&n->next, memory_order_acquire);
    if (q.head == NULL)
        q.tail = NULL; // RACE (the queue is empty now)
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
