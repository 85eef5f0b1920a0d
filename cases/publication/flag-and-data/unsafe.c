/* publication/flag-and-data (unsafe): a worker computes a result and raises
 * a flag; a reader waits for the flag and then reads the result.
 *
 * The flag is an atomic, so the flag itself does not race - but it is stored
 * and loaded with memory_order_relaxed, which promises only that the flag's
 * own value arrives whole. It orders nothing else: seeing `ready == 1` does
 * not mean the reader also sees the result written before it. The two
 * accesses to `result` stay unordered, which is the data race. The ordering
 * barrier makes the worker finish before the reader looks, in real time,
 * while telling TSan nothing. */
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
    result = sum; // RACE
    atomic_store_explicit(&ready, 1, memory_order_relaxed);
    racekit_order_wait(&order); /* the reader looks only after this */
}

static void reader(void)
{
    racekit_order_wait(&order);
    while (atomic_load_explicit(&ready, memory_order_relaxed) == 0)
        ; /* spin until published (the flag is already up: no turns here) */
    seen = result; // RACE
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
