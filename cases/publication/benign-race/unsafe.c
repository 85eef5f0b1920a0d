/* publication/benign-race (unsafe): a worker publishes how far it has got in
 * a plain variable; a monitor thread reads it to print a progress report.
 *
 * "Only one thread writes it, and a slightly stale number does not matter":
 * the classic benign race. C11 has no benign races - an unsynchronised write
 * and read of the same variable is undefined behaviour, and compilers use
 * that (they may keep `progress` in a register for the whole loop, or tear
 * a 64-bit store on a 32-bit machine). The ordering barrier pauses the
 * worker halfway so the monitor reads a known value, in real time, while
 * telling TSan nothing: the write and the read stay unordered. */
#include "racekit.h"

static long total;    /* items to process */
static long progress; /* items done so far: written only by the worker */
static long seen;     /* what the monitor read */
static long result;
static racekit_order order;

static void worker(void)
{
    long sum = 0;
    for (long i = 1; i <= total; i++) {
        sum += i * i; /* the real work */
        progress = i; // RACE
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
    seen = progress; // RACE
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
