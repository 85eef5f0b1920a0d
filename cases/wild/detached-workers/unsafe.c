/* wild/detached-workers (unsafe): detached threads, and main waits for
 * them by polling a plain counter.
 *
 * main starts four workers and detaches each ("nobody joins them"). A
 * detached thread cannot be joined, so main waits by polling `finished`,
 * which each worker increments when its part is added to `total`. Nothing
 * orders a detached worker with anything after its start: the workers'
 * updates of `total` and `finished`, and main's reads of them, are data
 * races, reported on every run whatever the order. Two workers can also
 * both load the same `finished` and lose one count: main then polls for
 * its whole 100 ms and prints a total that may still be missing a part. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define WORKERS 4

long total;
int finished;

void *worker(void *arg)
{
    long part = (long)arg;
    total += part * 100; // RACE
    finished++; // RACE
    return NULL;
}

int main(void)
{
    for (long i = 1; i <= WORKERS; i++) {
        pthread_t t;
        pthread_create(&t, NULL, worker, (void *)i);
        pthread_detach(t);
    }
    for (int waited = 0; finished < WORKERS && waited < 100; waited++) // RACE
        usleep(1000); /* give up after about 100 ms */
    printf("total = %ld\n", total); // RACE
    return 0;
}
