/* invariants/returned-pointer (safe): a lookup function copies a setting
 * out of a table guarded by a mutex, and the caller uses its own copy.
 *
 * lookup() copies the setting while it still holds the lock, so the caller
 * never touches the shared table outside a critical section: a later update
 * changes the table, not the caller's copy. What the lock protects never
 * escapes the critical section. */
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

/* lookup - copy the setting named `key` to *out; 0 if there is none. */
static int lookup(const char *key, struct setting *out)
{
    int found = 0;
    pthread_mutex_lock(&settings_lock);
    for (int i = 0; i < NSETTINGS; i++)
        if (strcmp(settings[i].key, key) == 0) {
            *out = settings[i];
            found = 1;
        }
    pthread_mutex_unlock(&settings_lock);
    return found; /* the copy belongs to the caller */
}

static void update(const char *key, long value)
{
    pthread_mutex_lock(&settings_lock);
    for (int i = 0; i < NSETTINGS; i++)
        if (strcmp(settings[i].key, key) == 0)
            settings[i].value = value;
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
        struct setting timeout;
        int found = lookup("timeout", &timeout);
        racekit_order_wait(&order);
        racekit_order_wait(&order); /* thread 0 has updated it now */
        used = found ? timeout.value : -1;
    }
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    printf("thread 1 looked up the timeout before the update and used %ld\n", used);
    return 0;
}
