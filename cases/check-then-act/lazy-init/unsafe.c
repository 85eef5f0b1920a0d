/* check-then-act/lazy-init (unsafe): two threads create a shared object on
 * first use.
 *
 * `if (config == NULL) config = make_config();` is a check followed by an
 * act, and nothing makes the pair atomic: two threads can both see NULL and
 * both build a config (one is leaked, and the threads end up using different
 * ones). Even when only one builds it, the other reads the pointer with no
 * synchronisation. The ordering barrier makes thread 0 finish the
 * initialisation before thread 1 looks, in real time, while telling TSan
 * nothing: thread 1's read of `config` races with thread 0's write. */
#include "racekit.h"

struct config {
    int verbosity;
    int retries;
};

static struct config *config;
static int makes; /* how many configs were built */
static struct config *seen[2]; /* the config each thread got */
static racekit_order order;

static struct config *make_config(void)
{
    struct config *c = malloc(sizeof *c);
    if (c == NULL)
        abort();
    c->verbosity = 2;
    c->retries = 3;
    makes++;
    return c;
}

static struct config *get_config(void)
{
    if (config == NULL) // RACE
        config = make_config(); // RACE
    return config;
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    seen[index] = get_config();
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    RACEKIT_CHECK(makes == 1, "make_config ran %d times, expected 1", makes);
    RACEKIT_CHECK(seen[0] == seen[1], "threads got different configs %p and %p",
                  (void *)seen[0], (void *)seen[1]);
    printf("one config, verbosity %d\n", config->verbosity);
    free(config);
    return 0;
}
