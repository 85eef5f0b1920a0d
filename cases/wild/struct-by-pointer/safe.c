/* wild/struct-by-pointer (safe): the shared struct carries its own lock.
 *
 * A mutex inside `struct stats` guards `count` and `sum`: each thread
 * takes it around its two updates, so one thread's update is a critical
 * section the other cannot enter, and the unlock/lock pair orders them.
 * Keeping the lock next to the data it guards says which lock that is. */
#include <pthread.h>
#include <stdio.h>

#define N 1000

struct stats {
    long count; /* scores of 50 or more */
    long sum;   /* their sum */
    pthread_mutex_t lock; /* guards count and sum */
};

struct job {
    int from, to;          /* this thread's half of scores[] */
    struct stats *stats;   /* shared by both threads */
};

int scores[N];

void *scan(void *arg)
{
    struct job *job = arg;
    for (int i = job->from; i < job->to; i++) {
        if (scores[i] >= 50) {
            pthread_mutex_lock(&job->stats->lock);
            job->stats->count++;
            job->stats->sum += scores[i];
            pthread_mutex_unlock(&job->stats->lock);
        }
    }
    return NULL;
}

int main(void)
{
    for (int i = 0; i < N; i++)
        scores[i] = i % 100;
    struct stats stats = { 0, 0, PTHREAD_MUTEX_INITIALIZER };
    struct job jobs[2] = { { 0, N / 2, &stats }, { N / 2, N, &stats } };
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, scan, &jobs[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("%ld scores of 50 or more, sum %ld\n", stats.count, stats.sum);
    return 0;
}
