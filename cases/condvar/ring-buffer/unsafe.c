/* condvar/ring-buffer (unsafe): a producer passes items to a consumer
 * through a ring buffer, and each side busy-waits on a plain `count`.
 *
 * `count`, the slots and the indexes are plain variables touched by both
 * threads with no lock: the producer's write of a slot and of `count` and
 * the consumer's reads of them are data races. The compiler may load `count`
 * once and spin forever, or move the slot write after the `count` update so
 * the consumer reads an empty slot. The ordering barrier runs the two threads
 * in turns - the producer puts an item, then the consumer takes it - so
 * nobody ever spins here, in real time, while telling TSan nothing. */
#include "racekit.h"

enum { CAP = 4, ITEMS = 6 }; /* more items than slots: the indexes wrap */

static int buf[CAP];
static int head;  /* next slot to write (producer) */
static int tail;  /* next slot to read (consumer) */
static int count; /* items in the buffer */
static int got[ITEMS];
static racekit_order order;

static void put(int item)
{
    while (count == CAP)
        sched_yield(); /* busy wait for room */
    buf[head] = item; // RACE
    head = (head + 1) % CAP;
    count++; // RACE
}

static int get(void)
{
    while (count == 0) // RACE
        sched_yield(); /* busy wait for an item */
    int item = buf[tail]; // RACE
    tail = (tail + 1) % CAP;
    count--;
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
