/* wild/global-counter (safe): two threads count to 10000 in one global.
 *
 * A mutex around `counter++` makes each load-add-store one critical
 * section: the other thread's increment waits until this one is stored,
 * and the unlock/lock pair orders them for TSan and the CPU. */
#include <pthread.h>
#include <stdio.h>

#define LOOPS 10000

long counter = 0;
pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

void *count(void *arg)
{
    (void)arg; /* no argument needed */
    for (int i = 0; i < LOOPS; i++) {
        pthread_mutex_lock(&counter_lock);
        counter++;
        pthread_mutex_unlock(&counter_lock);
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
    printf("counter = %ld (expected %d)\n", counter, 2 * LOOPS);
    return 0;
}
