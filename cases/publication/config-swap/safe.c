/* publication/config-swap (safe): a reader uses the current configuration
 * while a writer swaps in a new one and frees the old one.
 *
 * A read-write lock guards the pointer and the lifetime of what it points
 * to: the reader holds the read lock from taking the pointer until it is done
 * with the configuration, and the writer swaps under the write lock, which it
 * cannot get while any reader holds the read lock. After the swap no reader
 * can reach the old block any more, so the writer frees it after unlocking.
 * Many readers may hold the read lock at once; only the writer waits. */
#include "racekit.h"

struct config {
    long timeout_ms;
    long retries;
};

static struct config *current; /* the configuration in force */
static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;
static long used;              /* what the reader computed */
static racekit_order order;

static struct config *make_config(long timeout_ms, long retries)
{
    struct config *c = malloc(sizeof *c);
    if (c == NULL)
        abort();
    c->timeout_ms = timeout_ms;
    c->retries = retries;
    return c;
}

static void reader(void)
{
    pthread_rwlock_rdlock(&config_lock);
    struct config *c = current;
    racekit_order_wait(&order); /* the writer tries to swap: it has to wait */
    racekit_order_wait(&order);
    used = c->timeout_ms;
    pthread_rwlock_unlock(&config_lock);
}

static void writer(void)
{
    struct config *fresh = make_config(250, 5);
    racekit_order_wait(&order); /* the reader holds the old pointer */
    racekit_order_wait(&order);
    pthread_rwlock_wrlock(&config_lock); /* waits for the reader to finish */
    struct config *old = current;
    current = fresh;
    pthread_rwlock_unlock(&config_lock);
    free(old);
}

static void run(int index, void *shared)
{
    (void)shared;
    if (index == 0)
        reader();
    else
        writer();
}

int main(void)
{
    current = make_config(100, 3);
    racekit_order_init(&order, 2);
    racekit_run(2, run, NULL);
    printf("reader used a timeout of %ld ms\n", used);
    free(current);
    return 0;
}
