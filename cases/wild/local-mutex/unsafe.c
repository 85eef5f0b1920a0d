/* wild/local-mutex (unsafe): each thread locks a mutex of its own.
 *
 * The worker declares its mutex inside the thread function, so every
 * call - every thread - gets a fresh mutex on its own stack. Each thread
 * locks and unlocks only its own: neither ever waits for the other, and
 * the `balance += amount` updates of the two threads are as unordered as
 * with no lock at all. TSan reports the data race on every run, whichever
 * thread ran first: a lock protects data only when every thread takes the
 * same one. (Each thread deposits many times, as a real account does; with
 * a single deposit each, TSan missed the race in about 1 run of 200, when
 * the two writes landed at the very same moment on two cores.) */
#include <pthread.h>
#include <stdio.h>

#define DEPOSITS 1000 /* per thread */

long balance = 100;

void *deposit(void *arg)
{
    long amount = (long)arg;
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    for (int i = 0; i < DEPOSITS; i++) {
        pthread_mutex_lock(&lock);
        balance += amount; // RACE
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
