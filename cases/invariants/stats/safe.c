/* invariants/stats (safe): one thread records samples into running
 * statistics while another takes a snapshot of them.
 *
 * All four fields of the invariant "the mean sum/count lies between min and
 * max" are now guarded by one mutex, and record() and take_snapshot() each
 * touch them in a single critical section. A snapshot therefore sees either
 * all of an update or none of it, never the half-updated state. */
#include "racekit.h"

static long count, sum;      /* guarded by stats_lock */
static long min, max;        /* guarded by stats_lock, too */
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

struct snapshot {
    long count, sum, min, max;
};
static struct snapshot seen;

static void record(long sample)
{
    pthread_mutex_lock(&stats_lock);
    count++;
    sum += sample;
    if (sample < min)
        min = sample;
    if (sample > max)
        max = sample;
    pthread_mutex_unlock(&stats_lock);
    racekit_order_wait(&order); /* the snapshot is taken now */
    racekit_order_wait(&order); /* ... and is finished */
}

static struct snapshot take_snapshot(void)
{
    struct snapshot s;
    pthread_mutex_lock(&stats_lock);
    s.count = count;
    s.sum = sum;
    s.min = min;
    s.max = max;
    pthread_mutex_unlock(&stats_lock);
    return s;
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 0) {
        record(40);
    } else {
        racekit_order_wait(&order); /* the snapshot goes after 40 is counted */
        seen = take_snapshot();
        racekit_order_wait(&order);
    }
}

int main(void)
{
    count = 1; /* one sample, 10, recorded before the threads start */
    sum = min = max = 10;
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    printf("snapshot: count %ld, mean %.1f, min %ld, max %ld\n", seen.count,
           (double)seen.sum / (double)seen.count, seen.min, seen.max);
    RACEKIT_CHECK(seen.min * seen.count <= seen.sum && seen.sum <= seen.max * seen.count,
                  "the mean %ld/%ld is not between min %ld and max %ld", seen.sum,
                  seen.count, seen.min, seen.max);
    return 0;
}
