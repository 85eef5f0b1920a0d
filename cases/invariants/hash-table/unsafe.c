/* invariants/hash-table (unsafe): two threads put keys into a shared hash
 * table with no lock (after ph.c, MIT 6.S081's thread lab).
 *
 * put() reads the head of the key's bucket, builds an entry that points to
 * it, and stores the entry as the new head. When two threads put into the
 * same bucket and both read the old head before either stores, the second
 * store overwrites the first: that key is lost. The ordering barrier in
 * insert() makes both threads read the head first, on every put, so every
 * pair of colliding puts loses a key; TSan reports the unordered read and
 * write of the bucket head, and the key count in main() fails. */
#include "racekit.h"

#define NBUCKET 5
#define NKEYS 10 /* thread 0 puts keys 0..4, thread 1 keys 5..9 */

struct entry {
    int key;
    int value;
    struct entry *next;
};

static struct entry *table[NBUCKET];
static racekit_order order;

static void insert(int key, int value, struct entry **p, struct entry *n)
{
    struct entry *e = malloc(sizeof *e);
    if (e == NULL)
        abort();
    e->key = key;
    e->value = value;
    e->next = n;
    racekit_order_wait(&order); /* both threads have read the old head */
    *p = e; // RACE
}

static void put(int key, int value)
{
    int i = key % NBUCKET;
    struct entry *head = table[i]; // RACE
    struct entry *e;
    for (e = head; e != NULL; e = e->next)
        if (e->key == key)
            break;
    if (e != NULL)
        e->value = value; /* the key exists: update it */
    else
        insert(key, value, &table[i], head);
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
