/* structures/sloppy-counter (unsafe): OSTEP's approximate counter, three
 * threads on two "CPUs", with the transfer to the global counter moved out
 * of the local lock.
 *
 * Each CPU has a local counter under its own lock; once a local count
 * reaches the threshold it is moved into the global counter, under the
 * global lock. Here update() lets go of the local lock before it takes the
 * global one ("never hold two locks at once"), and takes it again to zero
 * the local count. Threads 0 and 2 share CPU 0's counter: an increment that
 * the other makes in between is wiped by that zero, or the same count is
 * moved twice. Every access is locked, so TSan is silent; the total in main
 * is wrong under the schedules racekit's scheduler finds. */
#include "racekit.h"

#define NUMCPUS 2
#define NTHREADS 3
#define UPDATES 2   /* per thread */
#define THRESHOLD 2 /* move a local count to the global one at 2 */

struct counter {
    int global;
    pthread_mutex_t glock;
    int local[NUMCPUS];
    pthread_mutex_t llock[NUMCPUS];
};

static struct counter c = {
    .glock = PTHREAD_MUTEX_INITIALIZER,
    .llock = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER },
};

/* update - add `amount` for thread `id`: to its CPU's local count, and
 * from there to the global count once the local one reaches THRESHOLD. */
static void update(int id, int amount)
{
    int cpu = id % NUMCPUS;
    pthread_mutex_lock(&c.llock[cpu]);
    c.local[cpu] += amount;
    if (c.local[cpu] >= THRESHOLD) {
        int moved = c.local[cpu];
        pthread_mutex_unlock(&c.llock[cpu]); /* hold one lock at a time */
        pthread_mutex_lock(&c.glock);
        c.global += moved;
        pthread_mutex_unlock(&c.glock);
        pthread_mutex_lock(&c.llock[cpu]);
        c.local[cpu] = 0;
    }
    pthread_mutex_unlock(&c.llock[cpu]);
}

/* get - the approximate value: the global count alone, up to
 * NUMCPUS * (THRESHOLD - 1) behind the exact one. */
static int get(void)
{
    pthread_mutex_lock(&c.glock);
    int value = c.global;
    pthread_mutex_unlock(&c.glock);
    return value;
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < UPDATES; i++)
        update(id, 1);
    return NULL;
}

int main(void)
{
    pthread_t threads[NTHREADS];
    for (long id = 0; id < NTHREADS; id++)
        pthread_create(&threads[id], NULL, worker, (void *)id);
    for (int id = 0; id < NTHREADS; id++)
        pthread_join(threads[id], NULL);
    int approx = get();
    int exact = approx + c.local[0] + c.local[1];
    printf("approximate %d, exact %d, expected %d\n", approx, exact, NTHREADS * UPDATES);
    RACEKIT_CHECK(exact == NTHREADS * UPDATES, "the counter holds %d, expected %d", exact,
                  NTHREADS * UPDATES);
    return 0;
}
