/* wild/local-mutex (safe): both threads lock the same global mutex.
 *
 * Moving the mutex out of the function to file scope makes it one object
 * that both threads share: the second thread's lock waits until the first
 * has unlocked, and that unlock/lock pair orders every update of
 * `balance`. */
#include <pthread.h>
#include <stdio.h>

#define DEPOSITS 1000 /* per thread */

long balance = 100;
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void *deposit(void *arg)
{
    long amount = (long)arg;
    for (int i = 0; i < DEPOSITS; i++) {
        pthread_mutex_lock(&lock);
        balance += amount;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, deposit, (void *)50L);
    pthread_create(&t2, NULL, deposit, (void *)25L);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("balance = %ld (expected %ld)\n", balance, 100 + DEPOSITS * 75L);
    return 0;
}
