/* basics/detached-stack (safe): a detached worker counts into a table
 * that it owns.
 *
 * start_worker() allocates `counts` on the heap and hands it to a thread it
 * detaches. The heap block does not die when start_worker() returns: it
 * lives until someone frees it, and that someone is the worker, once it is
 * done with it. Nothing the worker writes can land in another function's
 * stack frame any more, and sum_of_squares() gets its sum right. */
#include "racekit.h"

enum { SLOTS = 512, ITEMS = 3 };

static racekit_order order;

static void *worker(void *arg)
{
    long *counts = arg;         /* the worker's own heap block */
    racekit_order_wait(&order); /* start_worker has returned by now */
    for (int item = 0; item < ITEMS; item++)
        counts[item]++;
    free(counts); /* the worker owns the table: it frees it */
    racekit_order_wait(&order);
    return NULL;
}

static void start_worker(void)
{
    long *counts = calloc(SLOTS, sizeof *counts); /* one counter per slot */
    if (counts == NULL)
        abort();
    pthread_t tid;
    pthread_create(&tid, NULL, worker, counts);
    pthread_detach(tid); /* nobody will wait for it */
}

static long sum_of_squares(void)
{
    long squares[SLOTS];
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
