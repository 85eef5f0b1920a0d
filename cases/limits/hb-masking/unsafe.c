/* limits/hb-masking (unsafe): an unrelated lock hides a race in this run.
 *
 * Two threads count `hits` with a plain `hits++` and no lock of its own: a
 * data race. Each thread also writes two lines to a log guarded by
 * `log_lock`. In this run the ordering barrier lets thread 0 finish before
 * thread 1 starts, so thread 0's unlock of `log_lock` comes before thread 1's
 * lock of it. TSan sees that unlock/lock pair as a happens-before edge from
 * thread 0's increment to thread 1's, and stays silent - although in another
 * schedule the two increments meet with no lock between them. */
#include "racekit.h"

static long hits;
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
    hits++;                         /* racy: no lock guards hits */
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
