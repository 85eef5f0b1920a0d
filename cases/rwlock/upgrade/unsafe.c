/* rwlock/upgrade (unsafe): a cache of user names that many threads read
 * and that fills itself on a miss.
 *
 * name_of() takes the read lock to look the id up. On a miss it asks for
 * the write lock, to insert the name, while it still holds the read lock -
 * "upgrading" it. A pthread read-write lock has no upgrade: the write lock
 * waits until no thread holds the lock for reading, and this thread is one
 * of them, so it waits for itself, forever. The first miss hangs the
 * program, on every run, with no other thread needed. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { SLOTS = 8, CLIENTS = 2 };

struct slot {
    int id;
    char name[16];
};

static struct slot cache[SLOTS];
static int used;
static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;

/* find - the slot of `id`, or NULL; the caller holds cache_lock. */
static struct slot *find(int id)
{
    for (int i = 0; i < used; i++)
        if (cache[i].id == id)
            return &cache[i];
    return NULL;
}

/* insert - a new slot for `id` with its name looked up (here: made up);
 * the caller holds cache_lock for writing. */
static struct slot *insert(int id)
{
    struct slot *s = &cache[used++];
    s->id = id;
    snprintf(s->name, sizeof s->name, "user%d", id);
    return s;
}

/* name_of - copy the name of user `id` into `out` (16 bytes). */
static void name_of(int id, char *out)
{
    pthread_rwlock_rdlock(&cache_lock);
    struct slot *s = find(id);
    if (s == NULL) {
        pthread_rwlock_wrlock(&cache_lock); /* "upgrade" to insert: waits for itself */
        s = insert(id);
        pthread_rwlock_unlock(&cache_lock);
    }
    memcpy(out, s->name, sizeof s->name);
    pthread_rwlock_unlock(&cache_lock);
}

static void *client(void *arg)
{
    char name[16];
    name_of(42, name);
    printf("client %ld: user 42 is %s\n", (long)arg, name);
    return NULL;
}

int main(void)
{
    pthread_t threads[CLIENTS];
    for (long i = 0; i < CLIENTS; i++)
        pthread_create(&threads[i], NULL, client, (void *)i);
    for (int i = 0; i < CLIENTS; i++)
        pthread_join(threads[i], NULL);
    int copies = 0;
    for (int i = 0; i < used; i++)
        copies += cache[i].id == 42;
    printf("user 42 is cached %d time(s)\n", copies);
    assert(copies == 1);
    return 0;
}
