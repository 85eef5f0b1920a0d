/* semaphores/post-too-early (unsafe): main hands a worker two jobs - add up
 * the readings, then find the largest - and needs the sum as soon as it is
 * there, without waiting for the second job.
 *
 * A semaphore that starts at 0 is a one-way signal: main's sem_wait returns
 * only after the worker's sem_post, so what the worker did *before* the post
 * is done when main goes on. Here the post comes one line too early, before
 * the sum is stored in `total`: nothing orders that store with main's read,
 * and main may print the old 0. A data race on every run, whichever thread
 * gets there first. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

enum { READINGS = 8 };

static long readings[READINGS];
static long total;      /* job 1: main reads it as soon as it is posted */
static long largest;    /* job 2: main reads it after the join */
static sem_t sum_ready; /* posted once `total` is stored */

static void *worker(void *arg)
{
    (void)arg;
    long sum = 0;
    for (int i = 0; i < READINGS; i++)
        sum += readings[i];
    sem_post(&sum_ready); /* "the sum is ready" */
    total = sum; // RACE
    for (int i = 0; i < READINGS; i++)
        if (readings[i] > largest)
            largest = readings[i];
    return NULL;
}

int main(void)
{
    for (int i = 0; i < READINGS; i++)
        readings[i] = (i * 7919) % 1009;
    sem_init(&sum_ready, 0, 0); /* 0: this process's threads only; count 0: wait for a post */
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    sem_wait(&sum_ready);
    printf("sum %ld\n", total); // RACE
    pthread_join(t, NULL);
    printf("largest %ld\n", largest);
    sem_destroy(&sum_ready);
    return 0;
}
