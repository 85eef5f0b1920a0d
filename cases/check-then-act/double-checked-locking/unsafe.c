/* check-then-act/double-checked-locking (unsafe): load a shared config once,
 * taking the lock only while it is not loaded yet.
 *
 * The first `config` check runs outside the lock, to skip the lock once the
 * config exists. But a plain read outside the lock is not ordered after the
 * plain write inside it: the reader may see the pointer and still see old
 * values in the fields it points to (the compiler and the CPU may reorder
 * the field stores after the pointer store). The ordering barrier makes
 * thread 0 load the config before thread 1 looks, in real time, while
 * telling TSan nothing: the pointer and the field both race. */
#include "racekit.h"

struct config {
    int verbosity;
    int retries;
};

static struct config storage; /* filled in by load_config() */
static struct config *config; /* NULL until the config is loaded */
static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static int loads; /* how many times the config was loaded */
static int seen[2]; /* the verbosity each thread saw */
static racekit_order order;

static struct config *load_config(void)
{
    storage.verbosity = 2; // RACE
    storage.retries = 3;
    loads++;
    return &storage;
}

static struct config *get_config(void)
{
    struct config *c = config; // RACE
    if (c == NULL) {
        pthread_mutex_lock(&config_lock);
        c = config;
        if (c == NULL) {
            c = load_config();
            config = c; // RACE
        }
        pthread_mutex_unlock(&config_lock);
    }
    return c;
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    seen[index] = get_config()->verbosity; // RACE
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    RACEKIT_CHECK(loads == 1, "load_config ran %d times, expected 1", loads);
    RACEKIT_CHECK(seen[0] == 2 && seen[1] == 2, "threads saw verbosity %d and %d",
                  seen[0], seen[1]);
    printf("loaded once, verbosity %d\n", seen[1]);
    return 0;
}
