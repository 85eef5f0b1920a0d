/* concepts/global-lock (safe): workers add their results to shared totals.
 *
 * Each worker adds up Collatz step counts for its own range of numbers -
 * private work that shares nothing - then adds its results to two shared
 * totals. Like CPython's GIL, one global lock guards everything: a worker
 * holds it for all of its work. That is correct, and serial: while one
 * worker holds the lock the others wait, so more threads buy no speed. */
#include "racekit.h"

enum { MAX_WORKERS = 64 };

struct job {
    int workers;
    int per_worker; /* numbers per worker */
};

static long numbers_done; /* shared by all workers */
static long total_steps;
static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order[MAX_WORKERS]; /* order[i]: worker i-1 before i */

/* Steps the Collatz sequence takes from n down to 1: CPU work, no sharing. */
static long collatz_steps(long n)
{
    long steps = 0;
    for (; n != 1; steps++)
        n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
    return steps;
}

static void worker(int index, void *shared)
{
    const struct job *job = shared;
    long first = 1 + (long)index * job->per_worker;
    if (index > 0)
        racekit_order_wait(&order[index]); /* after worker index-1 */
    pthread_mutex_lock(&global_lock); /* all of this worker's work */
    long steps = 0;
    for (long n = first; n < first + job->per_worker; n++)
        steps += collatz_steps(n); /* private work */
    numbers_done += job->per_worker;
    total_steps += steps;
    pthread_mutex_unlock(&global_lock);
    if (index + 1 < job->workers)
        racekit_order_wait(&order[index + 1]); /* before worker index+1 */
}

int main(void)
{
    struct job job = {
        .workers = racekit_env_int("RACEKIT_THREADS", 4),
        .per_worker = racekit_env_int("RACEKIT_ITERS", 2000),
    };
    if (job.workers > MAX_WORKERS)
        job.workers = MAX_WORKERS;
    for (int i = 1; i < job.workers; i++)
        racekit_order_init(&order[i], 2);
    racekit_run(job.workers, worker, &job);

    long count = (long)job.workers * job.per_worker, expected = 0;
    for (long n = 1; n <= count; n++)
        expected += collatz_steps(n);
    RACEKIT_CHECK(numbers_done == count, "numbers_done is %ld, expected %ld", numbers_done, count);
    RACEKIT_CHECK(total_steps == expected, "total_steps is %ld, expected %ld", total_steps, expected);
    printf("%ld numbers, %ld steps\n", numbers_done, total_steps);
    return 0;
}
