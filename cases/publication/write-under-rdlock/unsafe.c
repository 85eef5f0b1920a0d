/* publication/write-under-rdlock (unsafe): a lookup in a shared table also
 * counts how often each entry was hit.
 *
 * The lookup takes only the read lock. A read lock lets any number of
 * readers in at once - that is its whole point - so it protects only code
 * that does not write. `hits++` is a write: two lookups holding the read
 * lock together can both load the old count and lose an update. The
 * ordering barrier makes thread 0's lookup finish before thread 1's starts,
 * in real time, while telling TSan nothing; one read unlock followed by
 * another read lock orders nothing either, so the two increments race. */
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
    pthread_rwlock_rdlock(&table_lock); /* "it is only a lookup" */
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(table[i].key, key) == 0) {
            table[i].hits++; // RACE
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
