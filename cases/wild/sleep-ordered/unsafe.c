/* wild/sleep-ordered (unsafe): a sleep is meant to make the loader go first.
 *
 * main starts a loader thread that fills a table of squares, sleeps 100 ms
 * "so the loader is done", then starts a reader thread that adds the table
 * up. The sleep orders the two threads in time on a quiet machine, but it
 * is no synchronisation: nothing makes the loader's writes visible to the
 * reader, and on a loaded machine the reader can start first. TSan reports
 * the loader's write and the reader's read as a data race on every run,
 * whichever thread ran first: both threads are joined, so the race is seen
 * in either order. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define N 100

int table[N];
long total;

void *loader(void *arg)
{
    (void)arg;
    for (int i = 0; i < N; i++)
        table[i] = i * i; // RACE
    return NULL;
}

void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < N; i++)
        total += table[i]; // RACE
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, loader, NULL);
    usleep(100000); /* 100 ms: the loader is surely done by then */
    pthread_create(&t2, NULL, reader, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("total = %ld\n", total);
    return 0;
}
