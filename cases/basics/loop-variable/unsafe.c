/* basics/loop-variable (unsafe): each new thread should learn its number.
 *
 * main starts the threads in a loop and passes each one `&i`, the address
 * of the loop variable itself. Every thread gets the SAME address: a thread
 * reads `i` while main goes on incrementing it, and nothing orders the read
 * against the increment - a data race. The ordering barrier lets each
 * thread read `i` before main increments it, in real time, while telling
 * TSan nothing: the race is reported on every run, and every thread happens
 * to see its own number. */
#include "racekit.h"

enum { MAX_THREADS = 64 };

static int started[MAX_THREADS]; /* started[n]: threads that saw number n */
static racekit_order order;

static void *worker(void *arg)
{
    int n = *(const int *)arg; // RACE
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
    int i = 0; /* one variable for the whole loop */
    racekit_order_init(&order, 2);
    for (; i < threads; i++) { // RACE
        pthread_create(&tids[i], NULL, worker, &i);
        racekit_order_wait(&order);
    }
    for (int t = 0; t < threads; t++)
        pthread_join(tids[t], NULL);
    for (int n = 0; n < threads; n++)
        RACEKIT_CHECK(started[n] == 1, "%d threads saw number %d, expected 1", started[n], n);
    printf("%d threads, each saw its own number\n", threads);
    return 0;
}
