/* wild/stop-flag (safe): main stops a worker by clearing an atomic flag.
 *
 * `running` is an atomic_int: the worker's loads and main's store are
 * atomic operations, which never race; the store is guaranteed to become
 * visible to the worker, and the compiler may not keep the flag in a
 * register. The usleep polling stays: it is slow, not wrong. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

atomic_int running = 1;

void *worker(void *arg)
{
    long *ticks = arg;
    while (running) {
        (*ticks)++;
        usleep(1000);
    }
    return NULL;
}

int main(void)
{
    long ticks = 0;
    pthread_t t;
    pthread_create(&t, NULL, worker, &ticks);
    usleep(50000); /* let it work for 50 ms */
    running = 0;
    pthread_join(t, NULL);
    printf("worker stopped%s\n", ticks > 0 ? "" : " before its first tick");
    return 0;
}
