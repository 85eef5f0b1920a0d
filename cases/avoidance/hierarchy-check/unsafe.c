/* avoidance/hierarchy-check (unsafe): a lock hierarchy checked at run time catches the audit taking its locks the wrong way round.
 *
 * Every lock has a level, and the rule is: a thread may only lock a lock of
 * a higher level than the highest it holds (the account, level 1, before
 * the audit log, level 2). ranked_lock() checks the rule on every call.
 * deposit() keeps it; audit() locks the log, then the account: the two
 * together could deadlock, as in avoidance/lock-by-address. The check
 * fails at audit()'s second lock on every run, whatever the schedule,
 * before the two threads have ever had to overlap. */
#include "racekit.h"

struct ranked_lock {
    pthread_mutex_t mutex;
    int level;      /* locks are taken in increasing level */
    int below;      /* the holder's level before it took this one */
    const char *name;
};

static _Thread_local int held_level; /* the highest level this thread holds */

static struct ranked_lock account_lock = { PTHREAD_MUTEX_INITIALIZER, 1, 0, "account" };
static struct ranked_lock log_lock = { PTHREAD_MUTEX_INITIALIZER, 2, 0, "audit log" };
static long balance = 100;
static int log_lines;

/* ranked_lock - lock `l`, failing the check if the thread already holds a
 * lock of the same or a higher level. */
static void ranked_lock(struct ranked_lock *l)
{
    RACEKIT_CHECK(l->level > held_level, "locking %s (level %d) while holding level %d", l->name, l->level,
                  held_level);
    pthread_mutex_lock(&l->mutex);
    l->below = held_level;
    held_level = l->level;
}

/* ranked_unlock - unlock `l`, the last lock this thread took. */
static void ranked_unlock(struct ranked_lock *l)
{
    held_level = l->below;
    pthread_mutex_unlock(&l->mutex);
}

static void *deposit(void *arg)
{
    (void)arg;
    ranked_lock(&account_lock);
    balance += 50;
    ranked_lock(&log_lock);
    log_lines++;
    ranked_unlock(&log_lock);
    ranked_unlock(&account_lock);
    return NULL;
}

static void *audit(void *arg)
{
    (void)arg;
    ranked_lock(&log_lock);
    ranked_lock(&account_lock); /* level 1 while holding level 2 */
    printf("audit: balance %ld\n", balance);
    log_lines++;
    ranked_unlock(&account_lock);
    ranked_unlock(&log_lock);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, deposit, NULL);
    pthread_create(&b, NULL, audit, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("balance %ld, %d log lines\n", balance, log_lines);
    return 0;
}
