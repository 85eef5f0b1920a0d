/* barriers/wrong-count (unsafe): two workers smooth a row of numbers in
 * two phases, and a pthread barrier sits between the phases.
 *
 * pthread_barrier_init's count is the number of threads that must call
 * pthread_barrier_wait before any of them goes on. It is set to WORKERS + 1,
 * "the workers and main" - but main never waits at the barrier, it waits
 * in pthread_join. Two threads arrive, the barrier waits for a third that
 * never comes, and main waits for them: the program hangs on every run. */
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
    pthread_barrier_init(&phase, NULL, WORKERS + 1); /* the workers and main */
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
