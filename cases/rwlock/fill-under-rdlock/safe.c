/* rwlock/fill-under-rdlock (safe): readers of a configuration parse its
 * text on first use and keep the parsed form for the next reader.
 *
 * Two readers may still both find NULL and both parse, since the read lock
 * lets them in together; but the result is installed with a
 * compare-and-swap that succeeds only while the pointer is still NULL. The
 * reader that loses frees its copy and uses the winner's, so every reader
 * gets the one copy that was published. */
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
        struct parsed *mine = parse(config_text);
        if (atomic_compare_exchange_strong(&config_parsed, &p, mine))
            p = mine;   /* ours is the copy every reader uses */
        else
            free(mine); /* another reader was first: p is its copy */
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
