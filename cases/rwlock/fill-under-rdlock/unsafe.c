/* rwlock/fill-under-rdlock (unsafe): readers of a configuration parse its
 * text on first use and keep the parsed form for the next reader.
 *
 * get() holds the read lock, finds no parsed form yet, parses the text and
 * stores the result - a reader that writes. The pointer is an atomic, so
 * the store is no data race and TSan is silent, but the read lock still
 * lets every reader in at once: two readers can both find NULL, both parse,
 * and both store, the second overwriting the first. They go on with two
 * different copies, and the first is leaked. No ordering barrier here:
 * racekit's scheduler finds the interleaving. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

enum { READERS = 2 };

struct parsed {
    int port;
};

static const char *config_text = "port=8080";
static _Atomic(struct parsed *) config_parsed; /* NULL until first use */
static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER; /* a reload takes it for writing */
static struct parsed *got[READERS];

static struct parsed *parse(const char *text)
{
    struct parsed *p = malloc(sizeof *p);
    if (p == NULL)
        abort();
    p->port = atoi(text + 5);
    return p;
}

/* get - the parsed configuration, parsed by the first reader that needs it;
 * the caller holds config_lock for reading. */
static struct parsed *get(void)
{
    struct parsed *p = atomic_load(&config_parsed);
    if (p == NULL) {
        p = parse(config_text);
        atomic_store(&config_parsed, p);
    }
    return p;
}

static void *reader(void *arg)
{
    long index = (long)arg;
    pthread_rwlock_rdlock(&config_lock);
    got[index] = get();
    printf("reader %ld: port %d\n", index, got[index]->port);
    pthread_rwlock_unlock(&config_lock);
    return NULL;
}

int main(void)
{
    pthread_t threads[READERS];
    for (long i = 0; i < READERS; i++)
        pthread_create(&threads[i], NULL, reader, (void *)i);
    for (int i = 0; i < READERS; i++)
        pthread_join(threads[i], NULL);
    assert(got[0] == got[1]); /* one parsed copy, shared by every reader */
    free(atomic_load(&config_parsed));
    return 0;
}
