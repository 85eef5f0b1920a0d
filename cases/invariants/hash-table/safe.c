/* invariants/hash-table (safe): two threads put keys into a shared hash
 * table, each bucket guarded by its own lock (after ph.c, MIT 6.S081's
 * thread lab).
 *
 * put() holds the bucket's lock from reading the head to storing the new
 * entry, so a second put into the same bucket waits and then links its
 * entry in front of the first: no key is lost. Puts into different buckets
 * take different locks and still run in parallel. */
#include "racekit.h"

#define NBUCKET 5
#define NKEYS 10 /* thread 0 puts keys 0..4, thread 1 keys 5..9 */

struct entry {
    int key;
    int value;
    struct entry *next;
};

static struct entry *table[NBUCKET];
static pthread_mutex_t locks[NBUCKET]; /* locks[i] guards table[i] */
static racekit_order order;

static void insert(int key, int value, struct entry **p, struct entry *n)
{
    struct entry *e = malloc(sizeof *e);
    if (e == NULL)
        abort();
    e->key = key;
    e->value = value;
    e->next = n;
    *p = e;
}

static void put(int key, int value)
{
    int i = key % NBUCKET;
    racekit_order_wait(&order); /* both threads put into bucket i now */
    pthread_mutex_lock(&locks[i]);
    struct entry *head = table[i];
    struct entry *e;
    for (e = head; e != NULL; e = e->next)
        if (e->key == key)
            break;
    if (e != NULL)
        e->value = value; /* the key exists: update it */
    else
        insert(key, value, &table[i], head);
    pthread_mutex_unlock(&locks[i]);
}

static struct entry *get(int key)
{
    for (struct entry *e = table[key % NBUCKET]; e != NULL; e = e->next)
        if (e->key == key)
            return e;
    return NULL;
}

static void putter(int index, void *shared)
{
    (void)shared;
    for (int k = 0; k < NKEYS / 2; k++) { /* key k and key k + 5 share bucket k */
        int key = index * (NKEYS / 2) + k;
        put(key, key * 100);
    }
}

int main(void)
{
    for (int i = 0; i < NBUCKET; i++)
        pthread_mutex_init(&locks[i], NULL);
    racekit_order_init(&order, 2);
    racekit_run(2, putter, NULL);
    int missing = 0;
    for (int key = 0; key < NKEYS; key++)
        if (get(key) == NULL)
            missing++;
    printf("%d puts, %d keys missing\n", NKEYS, missing);
    RACEKIT_CHECK(missing == 0, "%d of %d keys are missing from the table", missing, NKEYS);
    for (int i = 0; i < NBUCKET; i++)
        while (table[i] != NULL) {
            struct entry *e = table[i];
            table[i] = e->next;
            free(e);
        }
    return 0;
}
