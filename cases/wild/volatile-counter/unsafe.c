/* wild/volatile-counter (unsafe): a counter declared volatile "so the
 * threads see each other's updates".
 *
 * `volatile` makes the compiler load and store `hits` on every access
 * instead of keeping it in a register; it does not make `hits++` one
 * step, and it orders nothing between threads. The two threads' loads
 * and stores are still a data race - C11 says so, and TSan reports it on
 * every run whichever thread ran first - and updates are still lost when
 * both load the same value. */
#include <pthread.h>
#include <stdio.h>

#define LOOPS 10000

volatile long hits;

void *count(void *arg)
{
    (void)arg;
    for (int i = 0; i < LOOPS; i++)
        hits++; // RACE
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
