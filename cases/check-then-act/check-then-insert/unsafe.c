/* check-then-act/check-then-insert (unsafe): two threads register the same
 * user name in a shared list that must not hold duplicates.
 *
 * Every access to the list is under the mutex, so there is no data race. But
 * the lookup and the insert are two separate critical sections: between
 * them the lock is free, and the answer "not registered yet" can go stale
 * before it is used. The ordering barrier makes both threads look before
 * either inserts, so both insert and the name is registered twice - on
 * every run, and with TSan silent, because every access is locked. */
#include "racekit.h"

enum { MAX_USERS = 8 };

static const char *users[MAX_USERS];
static int count;
static pthread_mutex_t users_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

/* find - is `name` in the list? The caller holds users_lock. */
static int find(const char *name)
{
    for (int i = 0; i < count; i++)
        if (strcmp(users[i], name) == 0)
            return 1;
    return 0;
}

static void register_name(const char *name)
{
    pthread_mutex_lock(&users_lock);
    int found = find(name);
    pthread_mutex_unlock(&users_lock);
    racekit_order_wait(&order); /* both threads have looked */
    pthread_mutex_lock(&users_lock);
    if (!found && count < MAX_USERS)
        users[count++] = name;
    pthread_mutex_unlock(&users_lock);
}

static void worker(int index, void *shared)
{
    (void)index;
    (void)shared;
    register_name("alice");
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    for (int i = 0; i < count; i++)
        printf("users[%d] = %s\n", i, users[i]);
    RACEKIT_CHECK(count == 1, "\"alice\" is registered %d times, expected once", count);
    return 0;
}
