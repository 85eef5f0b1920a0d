/* concepts/hello-threads (unsafe): one thread prints 1-5, another a-e.
 *
 * The first program of the primer, in C: start two threads and let them
 * print. main never calls pthread_join. A thread that is not detached must be
 * joined, or its exit status and its stack are never reclaimed: a thread
 * leak. So that TSan sees the leak on every run, main waits (without joining)
 * until both threads have really ended before it returns. */
#include "racekit.h"

#include <time.h>

static void *print_numbers(void *arg)
{
    (void)arg;
    for (int i = 1; i <= 5; i++)
        printf("%d\n", i);
    return NULL;
}

static void *print_letters(void *arg)
{
    (void)arg;
    for (char c = 'a'; c <= 'e'; c++)
        printf("%c\n", c);
    return NULL;
}

/* Wait until thread t has ended, WITHOUT joining it. On Linux a thread's
 * CPU-time clock exists exactly as long as the thread runs. This only makes
 * the demonstration deterministic; real code calls pthread_join. */
static void wait_until_ended(pthread_t t)
{
    clockid_t clock;
    struct timespec ts;
    while (pthread_getcpuclockid(t, &clock) == 0 && clock_gettime(clock, &ts) == 0)
        sched_yield();
}

int main(void)
{
    pthread_t numbers, letters;
    pthread_create(&numbers, NULL, print_numbers, NULL);
    pthread_create(&letters, NULL, print_letters, NULL);
    wait_until_ended(numbers); /* no pthread_join: */
    wait_until_ended(letters); /* both threads leak */
    return 0;
}
