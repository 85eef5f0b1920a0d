/* barriers/wrong-count (safe): two workers smooth a row of numbers in
 * two phases, and a pthread barrier sits between the phases.
 *
 * The barrier's count is WORKERS, the number of threads that really call
 * pthread_barrier_wait: when the second worker arrives, both go on. main
 * does not take part in the phases and waits for the workers with
 * pthread_join, as before. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

enum { WORKERS = 2, CELLS = 8 };

static long row[CELLS] = { 9, 0, 9, 0, 9, 0, 9, 0 };
static long next[CELLS];
static pthread_barrier_t phase;

/* smooth - worker `w` owns cells [w*half, (w+1)*half): phase 1 computes
 * their new values from the old row (its neighbours' cells included),
 * phase 2 writes them back once every worker has read the old row. */
static void *smooth(void *arg)
{
    long w = (long)arg;
    int half = CELLS / WORKERS;
    for (int i = w * half; i < (w + 1) * half; i++)
        next[i] = (row[(i + CELLS - 1) % CELLS] + row[i] + row[(i + 1) % CELLS]) / 3;
    pthread_barrier_wait(&phase); /* everybody has read the old row */
    for (int i = w * half; i < (w + 1) * half; i++)
        row[i] = next[i];
    return NULL;
}

int main(void)
{
    pthread_barrier_init(&phase, NULL, WORKERS); /* the threads that wait at it */
    pthread_t t[WORKERS];
    for (long w = 0; w < WORKERS; w++)
        pthread_create(&t[w], NULL, smooth, (void *)w);
    for (int w = 0; w < WORKERS; w++)
        pthread_join(t[w], NULL);
    pthread_barrier_destroy(&phase);
    long sum = 0;
    for (int i = 0; i < CELLS; i++)
        sum += row[i];
    printf("row sums to %ld\n", sum);
    assert(sum == 36); /* smoothing a row of 9, 0, 9, 0... keeps its sum */
    return 0;
}
