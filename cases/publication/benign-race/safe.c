/* publication/benign-race (safe): a worker publishes how far it has got in
 * a variable; a monitor thread reads it to print a progress report.
 *
 * `progress` is an atomic, stored and loaded with memory_order_relaxed: each
 * access is indivisible and really happens, which is all a progress report
 * needs. Relaxed orders nothing else, and nothing else is needed: the monitor
 * reads no other data on the strength of the number it sees. */
#include "racekit.h"

static long total;    /* items to process */
static atomic_long progress; /* items done so far: written only by the worker */
static long seen;     /* what the monitor read */
static long result;
static racekit_order order;

static void worker(void)
{
    long sum = 0;
    for (long i = 1; i <= total; i++) {
        sum += i * i; /* the real work */
        atomic_store_explicit(&progress, i, memory_order_relaxed);
        if (i == total / 2) {
            racekit_order_wait(&order); /* the monitor looks now... */
            racekit_order_wait(&order); /* ...and has looked */
        }
    }
    result = sum;
}

static void monitor(void)
{
    racekit_order_wait(&order);
    seen = atomic_load_explicit(&progress, memory_order_relaxed);
    printf("progress: %ld of %ld\n", seen, total);
    racekit_order_wait(&order);
}

static void run(int index, void *shared)
{
    (void)shared;
    if (index == 0)
        worker();
    else
        monitor();
}

int main(void)
{
    total = racekit_env_int("RACEKIT_ITERS", 1000);
    if (total < 2)
        total = 2;
    racekit_order_init(&order, 2);
    racekit_run(2, run, NULL);
    RACEKIT_CHECK(seen == total / 2, "monitor saw %ld, expected %ld", seen, total / 2);
    printf("sum of squares = %ld\n", result);
    return 0;
}
