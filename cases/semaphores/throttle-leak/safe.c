/* semaphores/throttle-leak (safe): four download jobs, at most two at a
 * time, throttled by a counting semaphore that starts at 2.
 *
 * A job with nothing to fetch returns before it takes a slot and posts
 * none: every sem_post now matches a sem_wait of the same job, so the count
 * of free slots plus the jobs inside stays 2, and no third job gets in. */
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>

enum { JOBS = 4, MAX_INSIDE = 2 };

static const int bytes[JOBS] = { 300, 0, 200, 100 }; /* job 1 has nothing to fetch */
static sem_t slots;        /* free download slots */
static atomic_int inside;  /* jobs between sem_wait and sem_post */
static long fetched;       /* bytes, all jobs together */
static pthread_mutex_t fetched_lock = PTHREAD_MUTEX_INITIALIZER;

static void *download(void *arg)
{
    long job = (long)arg;
    if (bytes[job] == 0)
        goto out; /* nothing to fetch */
    sem_wait(&slots);
    int now = atomic_fetch_add(&inside, 1) + 1;
    assert(now <= MAX_INSIDE);
    pthread_mutex_lock(&fetched_lock);
    fetched += bytes[job];
    pthread_mutex_unlock(&fetched_lock);
    atomic_fetch_sub(&inside, 1);
    sem_post(&slots);
out:
    return NULL;
}

int main(void)
{
    sem_init(&slots, 0, MAX_INSIDE); /* 0: this process's threads only */
    pthread_t t[JOBS];
    for (long i = 0; i < JOBS; i++)
        pthread_create(&t[i], NULL, download, (void *)i);
    for (int i = 0; i < JOBS; i++)
        pthread_join(t[i], NULL);
    int left;
    sem_getvalue(&slots, &left);
    printf("fetched %ld bytes; %d free slots at the end\n", fetched, left);
    sem_destroy(&slots);
    return 0;
}
