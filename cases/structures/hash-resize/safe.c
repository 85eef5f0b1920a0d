/* structures/hash-resize (safe): a hash table with one lock per bucket
 * that grows, and the resize takes every lock.
 *
 * When a chain has grown too long, put() unlocks, and resize() takes every
 * lock, in index order, before grow() moves a single entry: no put can be
 * in any bucket while the table changes shape. The order of the locks
 * keeps two resizes from deadlocking, and the one that comes second finds
 * the table grown already and leaves it. */
#include "racekit.h"

#define NLOCKS 2   /* one lock per bucket of the first table */
#define MAXCHAIN 2 /* a longer chain doubles the table */

struct entry {
    int key;
    struct entry *next;
};

/* Bucket b is guarded by locks[b % NLOCKS]: the table doubles, the locks
 * stay (lock striping), so a key keeps its lock, locks[key % NLOCKS]. */
static struct {
    struct entry **buckets;
    int nbuckets;
    pthread_mutex_t locks[NLOCKS];
} t = { NULL, NLOCKS, { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER } };

/* Thread 0 puts 0 and 2 into bucket 0; thread 1 puts 1, 3 and 5 into
 * bucket 1, and its third put grows the table. */
static const int keys[2][3] = { { 0, 2 }, { 1, 3, 5 } };
static const int nkeys[2] = { 2, 3 };
static struct entry entries[6]; /* entries[k] holds key k */
static racekit_order order;

/* grow - double the table, moving every entry to its new bucket. No other
 * thread may be in the table meanwhile. */
static void grow(void)
{
    int n = t.nbuckets * 2;
    struct entry **fresh = calloc((size_t)n, sizeof *fresh);
    if (fresh == NULL)
        abort();
    for (int b = 0; b < t.nbuckets; b++) {
        struct entry *e = t.buckets[b];
        while (e != NULL) {
            struct entry *next = e->next;
            e->next = fresh[e->key % n];
            fresh[e->key % n] = e;
            e = next;
        }
    }
    free(t.buckets);
    t.buckets = fresh;
    t.nbuckets = n;
}

/* resize - grow the table with every lock held, unless another thread has
 * grown it since its size was `seen`. Called with no lock held. */
static void resize(int seen)
{
    for (int i = 0; i < NLOCKS; i++)
        pthread_mutex_lock(&t.locks[i]);
    if (t.nbuckets == seen)
        grow();
    for (int i = NLOCKS - 1; i >= 0; i--)
        pthread_mutex_unlock(&t.locks[i]);
}

static void put(int key)
{
    pthread_mutex_t *lock = &t.locks[key % NLOCKS];
    pthread_mutex_lock(lock);
    struct entry **chain = &t.buckets[key % t.nbuckets];
    struct entry *e = &entries[key];
    e->key = key;
    e->next = *chain;
    *chain = e;
    int len = 0;
    for (struct entry *p = *chain; p != NULL; p = p->next)
        len++;
    int seen = t.nbuckets;
    pthread_mutex_unlock(lock);
    if (len > MAXCHAIN)
        resize(seen);
}

static int has(int key)
{
    for (struct entry *e = t.buckets[key % t.nbuckets]; e != NULL; e = e->next)
        if (e->key == key)
            return 1;
    return 0;
}

static void putter(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    for (int i = 0; i < nkeys[index]; i++)
        put(keys[index][i]);
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    t.buckets = calloc(NLOCKS, sizeof *t.buckets);
    if (t.buckets == NULL)
        abort();
    racekit_order_init(&order, 2);
    racekit_run(2, putter, NULL);
    int missing = 0;
    for (int thread = 0; thread < 2; thread++)
        for (int i = 0; i < nkeys[thread]; i++)
            missing += !has(keys[thread][i]);
    printf("%d buckets, %d keys missing\n", t.nbuckets, missing);
    RACEKIT_CHECK(missing == 0, "%d keys are missing from the table", missing);
    free(t.buckets);
    return 0;
}
