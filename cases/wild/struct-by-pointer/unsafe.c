/* wild/struct-by-pointer (unsafe): two threads update one struct passed
 * to both by pointer.
 *
 * main keeps the statistics of a run in a local `struct stats` and hands
 * its address to two threads, each of which scans its half of an array of
 * scores and updates the struct's `count` and `sum`. Both threads write
 * the same fields through the same pointer with nothing ordering them: a
 * data race on each field, reported on every run whichever thread ran
 * first, even when the totals happen to come out right. Passing a pointer
 * shares the memory; it does not protect it. */
#include <pthread.h>
#include <stdio.h>

#define N 1000

struct stats {
    long count; /* scores of 50 or more */
    long sum;   /* their sum */
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
            job->stats->count++; // RACE
            job->stats->sum += scores[i]; // RACE
        }
    }
    return NULL;
}

int main(void)
{
    for (int i = 0; i < N; i++)
        scores[i] = i % 100;
    struct stats stats = { 0 };
    struct job jobs[2] = { { 0, N / 2, &stats }, { N / 2, N, &stats } };
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, scan, &jobs[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("%ld scores of 50 or more, sum %ld\n", stats.count, stats.sum);
    return 0;
}
