/* barriers/read-before-wait (unsafe): two workers each add up half of an
 * array, then both need the mean of the whole array to centre their half
 * on it; a pthread barrier separates the two phases.
 *
 * Each worker stores its half's sum in partial[w] and then computes the
 * mean from both partials - but it does so *before* pthread_barrier_wait,
 * so it reads the other worker's partial before the barrier says it is
 * there. The barrier orders what comes before it in every thread with what
 * comes after it in every other; a read placed before it is ordered with
 * nothing. A data race on every run, and on an unlucky one a mean made
 * from a 0. */
#include <pthread.h>
#include <stdio.h>

enum { WORKERS = 2, N = 8 };

static long data[N] = { 3, 5, 7, 1, 9, 2, 6, 7 }; /* sum 40, mean 5 */
static long partial[WORKERS];
static long mean[WORKERS]; /* the mean each worker used */
static pthread_barrier_t sums_done;

static void *centre(void *arg)
{
    long w = (long)arg, sum = 0;
    int half = N / WORKERS;
    for (int i = w * half; i < (w + 1) * half; i++)
        sum += data[i];
    partial[w] = sum; // RACE
    long m = (partial[0] + partial[1]) / N; // RACE
    pthread_barrier_wait(&sums_done); /* every partial is stored */
    for (int i = w * half; i < (w + 1) * half; i++)
        data[i] -= m;
    mean[w] = m;
    return NULL;
}

int main(void)
{
    pthread_barrier_init(&sums_done, NULL, WORKERS);
    pthread_t t[WORKERS];
    for (long w = 0; w < WORKERS; w++)
        pthread_create(&t[w], NULL, centre, (void *)w);
    for (int w = 0; w < WORKERS; w++)
        pthread_join(t[w], NULL);
    pthread_barrier_destroy(&sums_done);
    printf("the workers centred on %ld and %ld\n", mean[0], mean[1]);
    return 0;
}
