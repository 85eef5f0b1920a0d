/* wild/stop-flag (unsafe): main stops a worker by clearing a plain flag.
 *
 * The worker polls `running` between small pieces of work, sleeping 1 ms
 * with usleep each time round; main lets it run for 50 ms, clears the
 * flag and joins. Clearing a plain int in one thread while another reads
 * it, with no lock or atomic between, is a data race: the compiler may keep
 * the flag in a register (the worker then never stops), and TSan reports
 * the write and the read on every run, whichever came first. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int running = 1;

void *worker(void *arg)
{
    long *ticks = arg;
    while (running) { // RACE
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
    running = 0; // RACE
    pthread_join(t, NULL);
    printf("worker stopped%s\n", ticks > 0 ? "" : " before its first tick");
    return 0;
}
