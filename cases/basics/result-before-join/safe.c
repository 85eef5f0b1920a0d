/* basics/result-before-join (safe): main starts a worker and uses its result.
 *
 * The worker computes a sum and stores it in `result`. main joins the
 * worker first and reads `result` afterwards: pthread_join returns only
 * when the worker has ended, and everything the worker did happens before
 * the join returns, so the read sees the finished result. */
#include "racekit.h"

static long result; /* written by the worker, read by main */
static racekit_order order;

static void *worker(void *arg)
{
    int n = *(const int *)arg;
    long sum = 0;
    for (int i = 1; i <= n; i++)
        sum += i;
    result = sum;
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
    pthread_join(tid, NULL);
    long sum = result;
    long expected = (long)n * (n + 1) / 2;
    RACEKIT_CHECK(sum == expected, "sum is %ld, expected %ld", sum, expected);
    printf("sum of 1..%d = %ld\n", n, sum);
    return 0;
}
