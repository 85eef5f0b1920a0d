/* wild/c11-threads (safe): the C11 counter, guarded by a C11 mutex.
 *
 * An mtx_t around `counter++` makes each load-add-store one critical
 * section, and mtx_unlock/mtx_lock orders one thread's increment before
 * the other's, as pthread_mutex_t does. mtx_init runs in main before the
 * threads start: C11 has no static initialiser for mtx_t. */
#include <stdio.h>
#include <threads.h>

#define LOOPS 1000

long counter;
mtx_t counter_lock;

int count(void *arg)
{
    (void)arg;
    for (int i = 0; i < LOOPS; i++) {
        mtx_lock(&counter_lock);
        counter++;
        mtx_unlock(&counter_lock);
    }
    return 0;
}

int main(void)
{
    mtx_init(&counter_lock, mtx_plain);
    thrd_t t1, t2;
    thrd_create(&t1, count, NULL);
    thrd_create(&t2, count, NULL);
    thrd_join(t1, NULL);
    thrd_join(t2, NULL);
    mtx_destroy(&counter_lock);
    printf("counter = %ld (expected %d)\n", counter, 2 * LOOPS);
    return 0;
}
