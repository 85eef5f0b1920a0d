/* basics/loop-variable (safe): each new thread should learn its number.
 *
 * main starts the threads in a loop and gives each one its own argument
 * slot, `&numbers[i]`, written before pthread_create and never changed
 * after. pthread_create orders everything main did before it against
 * everything the new thread does, so each thread's read is ordered after
 * the write of its slot, and no later write touches that slot. */
#include "racekit.h"

enum { MAX_THREADS = 64 };

static int started[MAX_THREADS]; /* started[n]: threads that saw number n */
static racekit_order order;

static void *worker(void *arg)
{
    int n = *(const int *)arg;
    racekit_order_wait(&order); /* main increments i after this read */
    started[n]++;
    return NULL;
}

int main(void)
{
    int threads = racekit_env_int("RACEKIT_THREADS", 4);
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    pthread_t tids[MAX_THREADS];
    int numbers[MAX_THREADS]; /* one argument slot per thread */
    int i = 0; /* one variable for the whole loop */
    racekit_order_init(&order, 2);
    for (; i < threads; i++) {
        numbers[i] = i;
        pthread_create(&tids[i], NULL, worker, &numbers[i]);
        racekit_order_wait(&order);
    }
    for (int t = 0; t < threads; t++)
        pthread_join(tids[t], NULL);
    for (int n = 0; n < threads; n++)
        RACEKIT_CHECK(started[n] == 1, "%d threads saw number %d, expected 1", started[n], n);
    printf("%d threads, each saw its own number\n", threads);
    return 0;
}
