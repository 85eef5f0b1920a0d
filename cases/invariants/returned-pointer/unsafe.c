/* invariants/returned-pointer (unsafe): a lookup function returns a pointer
 * into a table guarded by a mutex, and the caller reads through it after
 * the mutex has been released.
 *
 * lookup() holds the lock while it searches, but what it returns points
 * into the shared table, so the caller's read of the value happens outside
 * any critical section - while another thread may be updating it. The lock
 * protected the search, not the data the caller actually uses. The ordering
 * barrier makes thread 0 update the setting between thread 1's lookup and
 * its read, in real time, while telling TSan nothing: the read races with
 * the locked write. */
#include "racekit.h"

struct setting {
    const char *key;
    long value;
};

enum { NSETTINGS = 2 };
static struct setting settings[NSETTINGS] = { { "timeout", 30 }, { "retries", 3 } };
static pthread_mutex_t settings_lock = PTHREAD_MUTEX_INITIALIZER; /* guards settings */
static long used; /* the timeout thread 1 used */
static racekit_order order;

/* lookup - find the setting named `key`; NULL if there is none. */
static const struct setting *lookup(const char *key)
{
    const struct setting *found = NULL;
    pthread_mutex_lock(&settings_lock);
    for (int i = 0; i < NSETTINGS; i++)
        if (strcmp(settings[i].key, key) == 0)
            found = &settings[i];
    pthread_mutex_unlock(&settings_lock);
    return found; /* a pointer into the table: the lock is already gone */
}

static void update(const char *key, long value)
{
    pthread_mutex_lock(&settings_lock);
    for (int i = 0; i < NSETTINGS; i++)
        if (strcmp(settings[i].key, key) == 0)
            settings[i].value = value; // RACE
    pthread_mutex_unlock(&settings_lock);
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 0) {
        racekit_order_wait(&order); /* after thread 1's lookup */
        update("timeout", 60);
        racekit_order_wait(&order);
    } else {
        const struct setting *timeout = lookup("timeout");
        racekit_order_wait(&order);
        racekit_order_wait(&order); /* thread 0 has updated it now */
        used = timeout != NULL ? timeout->value : -1; // RACE
    }
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    printf("thread 1 looked up the timeout before the update and used %ld\n", used);
    return 0;
}
