/* concepts/processes (unsafe): two workers add partial sums into one total.
 *
 * Each worker sums its half of the numbers 1..2N - private work - and its
 * partial sum must end up in `total`.
 * Here the workers are threads: they share all memory, so both add to the
 * same `total`, and nothing orders the two updates: a data race. The
 * ordering barrier lets worker 0 add before worker 1, in real time, while
 * telling TSan nothing: the race is reported, and the total comes out right. */
#include "racekit.h"

static long total; /* the sum of both partial sums */
static racekit_order order;

/* Sum of this worker's share of 1..2*per_worker: private work. */
static long partial_sum(int index, int per_worker)
{
    long sum = 0;
    for (long i = 1 + (long)index * per_worker; i <= (long)(index + 1) * per_worker; i++)
        sum += i;
    return sum;
}

static void worker(int index, void *shared)
{
    long partial = partial_sum(index, *(const int *)shared);
    if (index == 1)
        racekit_order_wait(&order); /* worker 1 goes second */
    total += partial; // RACE
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    int per_worker = racekit_env_int("RACEKIT_ITERS", 1000);
    racekit_order_init(&order, 2);
    racekit_run(2, worker, &per_worker);
    long n = 2L * per_worker, expected = n * (n + 1) / 2;
    RACEKIT_CHECK(total == expected, "total is %ld, expected %ld", total, expected);
    printf("total = %ld\n", total);
    return 0;
}
