/* basics/spin-on-flag (safe): main waits for a worker's result on a flag.
 *
 * The worker computes a sum, stores it in `result`, then sets `done` - both
 * under a mutex - and signals a condition variable. main takes the mutex
 * and sleeps in pthread_cond_wait while `done` is false, re-checking the flag
 * in a while loop each time it wakes. The mutex orders the worker's writes
 * before main's reads; the condition variable lets main sleep instead of
 * burning a core. */
#include "racekit.h"

#include <stdbool.h>

static long result; /* the worker's answer */
static bool done;   /* true once `result` is ready */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* guards both */
static pthread_cond_t done_set = PTHREAD_COND_INITIALIZER;
static racekit_order order;

static void *worker(void *arg)
{
    int n = *(const int *)arg;
    long sum = 0;
    for (int i = 1; i <= n; i++)
        sum += i;
    pthread_mutex_lock(&lock);
    result = sum;
    done = true;
    pthread_cond_signal(&done_set);
    pthread_mutex_unlock(&lock);
    racekit_order_wait(&order); /* main looks at the flag after this */
    return NULL;
}

int main(void)
{
    int n = racekit_env_int("RACEKIT_ITERS", 1000);
    pthread_t tid;
    racekit_order_init(&order, 2);
    pthread_create(&tid, NULL, worker, &n);
    racekit_order_wait(&order);
    pthread_mutex_lock(&lock);
    while (!done)
        pthread_cond_wait(&done_set, &lock); /* sleeps, unlocked */
    long sum = result;
    pthread_mutex_unlock(&lock);
    pthread_join(tid, NULL);
    long expected = (long)n * (n + 1) / 2;
    RACEKIT_CHECK(sum == expected, "sum is %ld, expected %ld", sum, expected);
    printf("sum of 1..%d = %ld\n", n, sum);
    return 0;
}
