/* invariants/stats (unsafe): one thread records samples into running
 * statistics while another takes a snapshot of them.
 *
 * count and sum are guarded by one mutex, min and max by another, and every
 * access holds the right one - so there is no data race. But the invariant
 * "the mean sum/count lies between min and max" ties all four fields
 * together, and record() updates them in two critical sections. The
 * ordering barrier lets the snapshot run between the two, on every run: it
 * sees the new sample counted in the mean but not yet in max. */
#include "racekit.h"

static long count, sum;      /* guarded by count_lock */
static long min, max;        /* guarded by range_lock */
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t range_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

struct snapshot {
    long count, sum, min, max;
};
static struct snapshot seen;

static void record(long sample)
{
    pthread_mutex_lock(&count_lock);
    count++;
    sum += sample;
    pthread_mutex_unlock(&count_lock);
    racekit_order_wait(&order); /* the snapshot is taken now */
    racekit_order_wait(&order); /* ... and is finished */
    pthread_mutex_lock(&range_lock);
    if (sample < min)
        min = sample;
    if (sample > max)
        max = sample;
    pthread_mutex_unlock(&range_lock);
}

static struct snapshot take_snapshot(void)
{
    struct snapshot s;
    pthread_mutex_lock(&count_lock);
    s.count = count;
    s.sum = sum;
    pthread_mutex_unlock(&count_lock);
    pthread_mutex_lock(&range_lock);
    s.min = min;
    s.max = max;
    pthread_mutex_unlock(&range_lock);
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
