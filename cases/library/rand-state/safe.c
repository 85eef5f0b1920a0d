/* library/rand-state (safe): each thread owns its random generator's state.
 *
 * my_rand_r() works like the C library's rand_r(): the caller passes the
 * state it wants advanced. Each thread keeps its own state in a local
 * variable seeded with 42, so each simulation starts from the number a
 * generator seeded with 42 gives first, whatever the other thread does -
 * and no memory is shared, so there is nothing to race on. */
#include "racekit.h"

static int drawn[2];
static racekit_order order;

/* One step of the C standard's example generator; returns 0..32767. */
static int my_rand_r(unsigned long *state)
{
    *state = *state * 1103515245 + 12345;
    return (int)(*state / 65536 % 32768);
}

static void simulate(int index, void *shared)
{
    (void)shared;
    unsigned long state = 42; /* this thread's own generator */
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    drawn[index] = my_rand_r(&state);
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
