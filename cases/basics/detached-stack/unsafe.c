/* basics/detached-stack (unsafe): a detached worker counts into a table
 * that lives in the stack frame of the function that started it.
 *
 * start_worker() hands `counts`, an array in its own frame, to a thread it
 * detaches, and returns. The frame is gone, but the worker still holds the
 * pointer: its `counts[item]++` now writes into whatever the next call
 * keeps at that address - here the table of sum_of_squares(), whose sum
 * comes out wrong. The ordering barrier makes the worker write while
 * sum_of_squares() runs, on every run. TSan says nothing: no two threads
 * touch that memory without synchronisation, and sum_of_squares()'s table
 * never has its address taken, so TSan does not even watch it. */
#include "racekit.h"

enum { SLOTS = 512, ITEMS = 3 };

static racekit_order order;

static void *worker(void *arg)
{
    long *counts = arg;         /* points into start_worker's frame */
    racekit_order_wait(&order); /* start_worker has returned by now */
    for (int item = 0; item < ITEMS; item++)
        counts[item]++;         /* writes into a frame that is gone */
    racekit_order_wait(&order);
    return NULL;
}

static void start_worker(void)
{
    long counts[SLOTS] = {0}; /* one counter per slot, in this frame */
    pthread_t tid;
    pthread_create(&tid, NULL, worker, counts);
    pthread_detach(tid); /* nobody will wait for it */
}

static long sum_of_squares(void)
{
    long squares[SLOTS]; /* reuses the stack where `counts` was */
    for (int i = 0; i < SLOTS; i++)
        squares[i] = (long)i * i;
    racekit_order_wait(&order); /* the worker writes now */
    racekit_order_wait(&order);
    long sum = 0;
    for (int i = 0; i < SLOTS; i++)
        sum += squares[i];
    return sum;
}

int main(void)
{
    racekit_order_init(&order, 2);
    start_worker();
    long sum = sum_of_squares();
    long expected = (long)(SLOTS - 1) * SLOTS * (2 * SLOTS - 1) / 6;
    RACEKIT_CHECK(sum == expected, "sum of squares is %ld, expected %ld", sum, expected);
    printf("sum of squares 0..%d = %ld\n", SLOTS - 1, sum);
    return 0;
}
