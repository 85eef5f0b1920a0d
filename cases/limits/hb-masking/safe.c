/* limits/hb-masking (safe): an unrelated lock hides a race in this run.
 *
 * `hits` now has a lock of its own, taken around every access. The log lock
 * still orders the two threads in this run, but the code no longer depends on
 * that: whatever the schedule, the two increments are ordered by
 * `hits_lock`, which is the lock that is actually meant to guard `hits`. */
#include "racekit.h"

static long hits;
static pthread_mutex_t hits_lock = PTHREAD_MUTEX_INITIALIZER; /* guards hits */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER; /* guards the log only */
static char log_text[128];
static size_t log_len;
static racekit_order order;

static void log_line(int index, const char *what)
{
    pthread_mutex_lock(&log_lock);
    int n = snprintf(log_text + log_len, sizeof log_text - log_len,
                     "thread %d %s\n", index, what);
    if (n > 0 && (size_t)n < sizeof log_text - log_len)
        log_len += (size_t)n;
    pthread_mutex_unlock(&log_lock);
}

static void count_hit(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    log_line(index, "starts");
    pthread_mutex_lock(&hits_lock);
    hits++;
    pthread_mutex_unlock(&hits_lock);
    log_line(index, "done");
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, count_hit, NULL);
    RACEKIT_CHECK(hits == 2, "hits is %ld, expected 2", hits);
    printf("%shits = %ld\n", log_text, hits);
    return 0;
}
