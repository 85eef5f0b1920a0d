/* publication/write-under-rdlock (safe): a lookup in a shared table also
 * counts how often each entry was hit.
 *
 * The lookup writes `hits`, so it takes the write lock: one holder at a time,
 * and each write unlock happens before the next lock of any kind. Readers
 * that only read could share a read lock; this code is not one of them. */
#include "racekit.h"

struct entry {
    const char *key;
    long value;
    long hits; /* statistics: how often the entry was looked up */
};

static struct entry table[] = { { "alpha", 1, 0 }, { "beta", 2, 0 } };
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static racekit_order order;

static long lookup(const char *key)
{
    long value = -1;
    pthread_rwlock_wrlock(&table_lock); /* the lookup writes `hits` */
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(table[i].key, key) == 0) {
            table[i].hits++;
            value = table[i].value;
        }
    }
    pthread_rwlock_unlock(&table_lock);
    return value;
}

static void client(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 looks up second */
    long v = lookup("alpha");
    RACEKIT_CHECK(v == 1, "alpha maps to %ld, expected 1", v);
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, client, NULL);
    RACEKIT_CHECK(table[0].hits == 2, "alpha was hit %ld times, expected 2", table[0].hits);
    printf("alpha hits = %ld\n", table[0].hits);
    return 0;
}
