/* check-then-act/lazy-init (safe): two threads create a shared object on
 * first use.
 *
 * pthread_once runs init_config exactly once, however many threads call it
 * at the same time, and every caller returns only after the initialisation
 * has finished - with a happens-before edge from it, so the pointer and the
 * fields it points to are safely published to every thread. */
#include "racekit.h"

struct config {
    int verbosity;
    int retries;
};

static struct config *config;
static pthread_once_t config_once = PTHREAD_ONCE_INIT;
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

static void init_config(void)
{
    config = make_config();
}

static struct config *get_config(void)
{
    pthread_once(&config_once, init_config);
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
