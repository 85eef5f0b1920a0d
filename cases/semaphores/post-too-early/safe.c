/* semaphores/post-too-early (safe): main hands a worker two jobs - add up
 * the readings, then find the largest - and needs the sum as soon as it is
 * there, without waiting for the second job.
 *
 * The worker stores the sum, then posts. Everything a thread did before a
 * sem_post happens before whatever the thread that gets it in sem_wait does
 * after: main's read of `total` comes after its store, on every schedule,
 * and TSan sees the post and the wait as that order. */
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
    total = sum;
    sem_post(&sum_ready); /* "the sum is ready" */
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
    printf("sum %ld\n", total);
    pthread_join(t, NULL);
    printf("largest %ld\n", largest);
    sem_destroy(&sum_ready);
    return 0;
}
