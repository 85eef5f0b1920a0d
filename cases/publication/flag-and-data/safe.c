/* publication/flag-and-data (safe): a worker computes a result and raises
 * a flag; a reader waits for the flag and then reads the result.
 *
 * The flag is stored with memory_order_release and loaded with
 * memory_order_acquire. A release store publishes everything the worker did
 * before it; an acquire load that reads that store sees all of it. So once
 * the reader sees `ready == 1`, the write of `result` happens before its
 * read, and TSan (and the CPU and the compiler) know it. */
#include "racekit.h"

static long n;             /* the worker adds up 1..n */
static long result;        /* the data being published */
static atomic_int ready;   /* 1 once `result` is filled in */
static long seen;          /* what the reader found, checked by main */
static racekit_order order;

static void worker(void)
{
    long sum = 0;
    for (long i = 1; i <= n; i++)
        sum += i;
    result = sum;
    atomic_store_explicit(&ready, 1, memory_order_release);
    racekit_order_wait(&order); /* the reader looks only after this */
}

static void reader(void)
{
    racekit_order_wait(&order);
    while (atomic_load_explicit(&ready, memory_order_acquire) == 0)
        ; /* spin until published (the flag is already up: no turns here) */
    seen = result;
}

static void run(int index, void *shared)
{
    (void)shared;
    if (index == 0)
        worker();
    else
        reader();
}

int main(void)
{
    n = racekit_env_int("RACEKIT_ITERS", 100);
    racekit_order_init(&order, 2);
    racekit_run(2, run, NULL);
    RACEKIT_CHECK(seen == n * (n + 1) / 2, "reader saw %ld, expected %ld", seen, n * (n + 1) / 2);
    printf("reader saw %ld\n", seen);
    return 0;
}
