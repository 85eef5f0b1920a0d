/* condvar/ring-buffer (safe): a producer passes items to a consumer
 * through a ring buffer, guarded by a mutex and two condition variables.
 *
 * Every access to `count`, the slots and the indexes happens with `lock`
 * held, so a put and a get are ordered one after the other. A thread that
 * cannot go on sleeps on a condition variable instead of spinning: the
 * producer on `not_full`, the consumer on `not_empty`, and each side signals
 * the other's condition after changing `count`. */
#include "racekit.h"

enum { CAP = 4, ITEMS = 6 }; /* more items than slots: the indexes wrap */

static int buf[CAP];
static int head;  /* next slot to write (producer) */
static int tail;  /* next slot to read (consumer) */
static int count; /* items in the buffer */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* guards all of the above */
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int got[ITEMS];
static racekit_order order;

static void put(int item)
{
    pthread_mutex_lock(&lock);
    while (count == CAP)
        pthread_cond_wait(&not_full, &lock); /* sleep until there is room */
    buf[head] = item;
    head = (head + 1) % CAP;
    count++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&lock);
}

static int get(void)
{
    pthread_mutex_lock(&lock);
    while (count == 0)
        pthread_cond_wait(&not_empty, &lock); /* sleep until there is an item */
    int item = buf[tail];
    tail = (tail + 1) % CAP;
    count--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&lock);
    return item;
}

static void producer(void)
{
    for (int item = 1; item <= ITEMS; item++) {
        put(item);
        racekit_order_wait(&order); /* the item is in... */
        racekit_order_wait(&order); /* ...and the consumer has taken it */
    }
}

static void consumer(void)
{
    for (int i = 0; i < ITEMS; i++) {
        racekit_order_wait(&order);
        got[i] = get();
        racekit_order_wait(&order);
    }
}

static void run(int index, void *shared)
{
    (void)shared;
    if (index == 0)
        producer();
    else
        consumer();
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, run, NULL);
    for (int i = 0; i < ITEMS; i++)
        RACEKIT_CHECK(got[i] == i + 1, "item %d is %d, expected %d", i, got[i], i + 1);
    printf("the consumer got %d items in order\n", ITEMS);
    return 0;
}
