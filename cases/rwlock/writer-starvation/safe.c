/* rwlock/writer-starvation (safe): two readers keep reading a price list
 * that one writer wants to update.
 *
 * The lock is made writer-preferring (glibc's
 * PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP): once a writer waits, new
 * read locks are refused until it has had its turn. The readers inside
 * finish, the writer gets its moment with no reader inside, and the
 * readers come back after it. The readers' turn-taking is unchanged. */
#define _GNU_SOURCE /* the writer-preferring kind is a GNU extension */
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t prices_lock = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static long price = 100; /* the price list, in short */

/* The baton: a reader leaves only once the other reader is inside too. */
static pthread_mutex_t baton_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t baton_moved = PTHREAD_COND_INITIALIZER;
static long entries; /* read sections begun so far, by either reader */
static int refused;  /* a reader found the lock closed to readers */
static int updated;  /* the writer is done */
static long seen[2]; /* the last price each reader saw */

/* enter - take the read lock; when it is not granted at once (a writer
 * holds it, or waits and the lock prefers writers), tell the baton, so the
 * reader inside does not wait for this one, and queue up as usual. */
static void enter(void)
{
    if (pthread_rwlock_tryrdlock(&prices_lock) == 0)
        return;
    pthread_mutex_lock(&baton_lock);
    refused = 1;
    pthread_cond_broadcast(&baton_moved);
    pthread_mutex_unlock(&baton_lock);
    pthread_rwlock_rdlock(&prices_lock);
}

/* pass_baton - count this reader in, and wait until the other reader is
 * in too (or was refused, or the writer is done); returns 1 when the
 * writer is done. */
static int pass_baton(void)
{
    pthread_mutex_lock(&baton_lock);
    long mine = ++entries;
    pthread_cond_broadcast(&baton_moved);
    while (entries == mine && !refused && !updated)
        pthread_cond_wait(&baton_moved, &baton_lock);
    int done = updated;
    pthread_mutex_unlock(&baton_lock);
    return done;
}

static void *reader(void *arg)
{
    long index = (long)arg;
    int done = 0;
    while (!done) {
        enter();
        seen[index] = price;
        done = pass_baton();
        pthread_rwlock_unlock(&prices_lock);
    }
    return NULL;
}

static void *writer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&baton_lock); /* wait until a reader is inside */
    while (entries == 0)
        pthread_cond_wait(&baton_moved, &baton_lock);
    pthread_mutex_unlock(&baton_lock);
    pthread_rwlock_wrlock(&prices_lock); /* waits for a moment with no reader */
    price = 110;
    pthread_mutex_lock(&baton_lock);
    updated = 1;
    pthread_cond_broadcast(&baton_moved);
    pthread_mutex_unlock(&baton_lock);
    pthread_rwlock_unlock(&prices_lock);
    return NULL;
}

int main(void)
{
    pthread_t w, r[2];
    pthread_create(&w, NULL, writer, NULL);
    for (long i = 0; i < 2; i++)
        pthread_create(&r[i], NULL, reader, (void *)i);
    pthread_join(w, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(r[i], NULL);
    printf("the readers saw %ld and %ld\n", seen[0], seen[1]);
    return 0;
}
