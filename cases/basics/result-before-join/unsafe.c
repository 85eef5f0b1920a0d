/* basics/result-before-join (unsafe): main starts a worker and uses its result.
 *
 * The worker computes a sum and stores it in `result`. main reads `result`
 * first and joins the worker afterwards, so nothing orders the worker's
 * write before main's read: a data race - main may read 0 or a half-written
 * value. The ordering barrier lets the worker store before main reads, in
 * real time, while telling TSan nothing: the race is reported on every run,
 * and main happens to read the right number. */
#include "racekit.h"

static long result; /* written by the worker, read by main */
static racekit_order order;

static void *worker(void *arg)
{
    int n = *(const int *)arg;
    long sum = 0;
    for (int i = 1; i <= n; i++)
        sum += i;
    result = sum; // RACE
    racekit_order_wait(&order); /* main reads after this store */
    return NULL;
}

int main(void)
{
    int n = racekit_env_int("RACEKIT_ITERS", 1000);
    pthread_t tid;
    racekit_order_init(&order, 2);
    pthread_create(&tid, NULL, worker, &n);
    racekit_order_wait(&order);
    long sum = result; // RACE
    pthread_join(tid, NULL);
    long expected = (long)n * (n + 1) / 2;
    RACEKIT_CHECK(sum == expected, "sum is %ld, expected %ld", sum, expected);
    printf("sum of 1..%d = %ld\n", n, sum);
    return 0;
}
