/* basics/spin-on-flag (unsafe): main waits for a worker's result on a flag.
 *
 * The worker computes a sum, stores it in `result`, then sets `done`. main
 * spins in `while (!done)` and then reads `result`. `done` is a plain bool:
 * the worker's write and main's reads are not ordered by any
 * synchronisation, so the flag is a data race, and so is `result`, which
 * the flag was meant to publish. The ordering barrier lets the worker set
 * both before main looks, in real time, while telling TSan nothing: the
 * races are reported on every run, and the spin loop ends at once. */
#include "racekit.h"

#include <stdbool.h>

static long result; /* the worker's answer */
static bool done;   /* true once `result` is ready */
static racekit_order order;

static void *worker(void *arg)
{
    int n = *(const int *)arg;
    long sum = 0;
    for (int i = 1; i <= n; i++)
        sum += i;
    result = sum; // RACE
    done = true;  // RACE
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
    while (!done) // RACE
        sched_yield(); /* spin until the worker is done */
    long sum = result; // RACE
    pthread_join(tid, NULL);
    long expected = (long)n * (n + 1) / 2;
    RACEKIT_CHECK(sum == expected, "sum is %ld, expected %ld", sum, expected);
    printf("sum of 1..%d = %ld\n", n, sum);
    return 0;
}
