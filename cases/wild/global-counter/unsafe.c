/* wild/global-counter (unsafe): two threads count to 10000 in one global.
 *
 * Written as a first threads program usually is: a global `counter`, a loop
 * of `counter++` in each thread, join, print. `counter++` is a load, an add
 * and a store, and nothing orders one thread's steps against the other's:
 * a data race. TSan needs no bad luck to see it: the two threads' writes
 * are not ordered by anything, whichever one ran first, so the race is
 * reported on every run even when the total comes out right. */
#include <pthread.h>
#include <stdio.h>

#define LOOPS 10000

long counter = 0;

void *count(void *arg)
{
    (void)arg; /* no argument needed */
    for (int i = 0; i < LOOPS; i++) // RACE (gcc: the load and store hoisted out of the loop)
        counter++; // RACE
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
