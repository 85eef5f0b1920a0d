/* check-then-act/double-checked-locking (safe): load a shared config once,
 * taking the lock only while it is not loaded yet.
 *
 * `config` is now an atomic pointer. The release store publishes it only
 * after the fields are written, and the acquire load outside the lock
 * synchronises with that store: a thread that sees the pointer also sees
 * every field. Inside the lock a relaxed load is enough, because the mutex
 * already orders it after any earlier store. */
#include "racekit.h"

struct config {
    int verbosity;
    int retries;
};

static struct config storage; /* filled in by load_config() */
static struct config *_Atomic config; /* NULL until the config is loaded */
static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static int loads; /* how many times the config was loaded */
static int seen[2]; /* the verbosity each thread saw */
static racekit_order order;

static struct config *load_config(void)
{
    storage.verbosity = 2;
    storage.retries = 3;
    loads++;
    return &storage;
}

static struct config *get_config(void)
{
    struct config *c = atomic_load_explicit(&config, memory_order_acquire);
    if (c == NULL) {
        pthread_mutex_lock(&config_lock);
        c = atomic_load_explicit(&config, memory_order_relaxed);
        if (c == NULL) {
            c = load_config();
            atomic_store_explicit(&config, c, memory_order_release);
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
    seen[index] = get_config()->verbosity;
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
