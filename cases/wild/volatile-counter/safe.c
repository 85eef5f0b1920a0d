/* wild/volatile-counter (safe): a mutex, not volatile, makes `hits++`
 * safe.
 *
 * The mutex turns each load-add-store into a critical section and the
 * unlock/lock pair orders the threads' increments. `volatile` is dropped:
 * it is for memory that changes behind the compiler's back (hardware
 * registers, a sig_atomic_t written by a signal handler), not for data
 * shared between threads. */
#include <pthread.h>
#include <stdio.h>

#define LOOPS 10000

long hits;
pthread_mutex_t hits_lock = PTHREAD_MUTEX_INITIALIZER;

void *count(void *arg)
{
    (void)arg;
    for (int i = 0; i < LOOPS; i++) {
        pthread_mutex_lock(&hits_lock);
        hits++;
        pthread_mutex_unlock(&hits_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, count, NULL);
    pthread_create(&t2, NULL, count, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("hits = %ld (expected %d)\n", hits, 2 * LOOPS);
    return 0;
}
