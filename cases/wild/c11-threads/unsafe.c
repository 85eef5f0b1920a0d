/* wild/c11-threads (unsafe): a counter race written with C11 <threads.h>.
 *
 * The program uses the threads of the C11 standard instead of pthreads:
 * thrd_create starts two threads, each adds 1000 to a global `counter`
 * with `counter++`, and thrd_join waits for them. `counter++` is a load,
 * an add and a store, and nothing orders one thread's steps against the
 * other's: a data race, exactly as with pthreads. Whether a detector can
 * tell depends on whether it sees thrd_create: no TSan runtime here
 * does, nor does DRD, and racekit says so instead of judging; Helgrind
 * sees the threads and reports the race. */
#include <stdio.h>
#include <threads.h>

#define LOOPS 1000

long counter;

int count(void *arg)
{
    (void)arg;
    for (int i = 0; i < LOOPS; i++)
        counter++; // RACE
    return 0;
}

int main(void)
{
    thrd_t t1, t2;
    thrd_create(&t1, count, NULL);
    thrd_create(&t2, count, NULL);
    thrd_join(t1, NULL);
    thrd_join(t2, NULL);
    printf("counter = %ld (expected %d)\n", counter, 2 * LOOPS);
    return 0;
}
