/* check-then-act/check-then-insert (safe): two threads register the same
 * user name in a shared list that must not hold duplicates.
 *
 * The lookup and the insert now form one critical section: no other thread
 * can change the list between "not registered yet" and the insert, so the
 * second thread finds the name the first one added. The ordering barrier
 * now sits before the lock: both threads still arrive at the same time and
 * compete for it. */
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
    racekit_order_wait(&order); /* both threads arrive together */
    pthread_mutex_lock(&users_lock);
    int found = find(name);
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
