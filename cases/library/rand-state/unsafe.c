/* library/rand-state (unsafe): two threads share a home-made random generator's state.
 *
 * my_rand() works like the C library's rand(): its whole state is one static
 * variable, `next`, shared by every caller. Each thread runs a simulation
 * that must be reproducible - it must start from the number a generator
 * seeded with 42 gives first - but both threads advance the same `next`
 * without a lock: a data race, and each thread's number depends on how many
 * numbers the other one has drawn. The ordering barrier lets thread 0 draw
 * first, so thread 1 gets the second number of the sequence, on every run. */
#include "racekit.h"

static unsigned long next = 42; /* the generator's state, shared by every caller */
static int drawn[2];
static racekit_order order;

/* One step of the C standard's example generator; returns 0..32767. */
static int my_rand_r(unsigned long *state)
{
    *state = *state * 1103515245 + 12345; // RACE
    return (int)(*state / 65536 % 32768);
}

static int my_rand(void)
{
    return my_rand_r(&next);
}

static void simulate(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    drawn[index] = my_rand();
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    unsigned long seed = 42;
    int reference = my_rand_r(&seed); /* what a generator seeded with 42 gives first */
    racekit_order_init(&order, 2);
    racekit_run(2, simulate, NULL);
    printf("thread 0 drew %d, thread 1 drew %d, seed 42 gives %d\n", drawn[0], drawn[1], reference);
    for (int t = 0; t < 2; t++)
        RACEKIT_CHECK(drawn[t] == reference, "thread %d drew %d, expected %d", t, drawn[t], reference);
    return 0;
}
