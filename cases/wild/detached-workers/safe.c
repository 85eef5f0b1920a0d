/* wild/detached-workers (safe): detached threads, and main waits for
 * them on a condition variable.
 *
 * One mutex covers `total` and `finished`; each worker adds its part,
 * counts itself and signals `all_done` under it, and main waits on
 * `all_done` until `finished == WORKERS`. The unlock in each worker and
 * the lock main takes back in pthread_cond_wait order every worker's
 * addition before main's read of `total`. Detaching is fine; what a
 * detached thread shares, and the waiting for it, still need a lock. */
#include <pthread.h>
#include <stdio.h>

#define WORKERS 4

long total;
int finished;
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t all_done = PTHREAD_COND_INITIALIZER;

void *worker(void *arg)
{
    long part = (long)arg;
    pthread_mutex_lock(&lock);
    total += part * 100;
    finished++;
    pthread_cond_signal(&all_done);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    for (long i = 1; i <= WORKERS; i++) {
        pthread_t t;
        pthread_create(&t, NULL, worker, (void *)i);
        pthread_detach(t);
    }
    pthread_mutex_lock(&lock);
    while (finished < WORKERS)
        pthread_cond_wait(&all_done, &lock);
    printf("total = %ld\n", total);
    pthread_mutex_unlock(&lock);
    return 0;
}
