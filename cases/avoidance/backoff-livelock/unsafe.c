/* avoidance/backoff-livelock (unsafe): two transfers lock one account, try the other and back off.
 *
 * transfer(from, to) locks `from`, then only *tries* `to`: when the other
 * thread holds it, it unlocks `from` and starts again, so it never waits
 * holding a lock and cannot deadlock. But one thread moves money from
 * checking to savings and the other from savings to checking: when each
 * has taken its first lock, each try fails, each backs off and each takes
 * its first lock again - in step, for ever. Nobody is blocked and nothing
 * gets done: a livelock. Most runs are lucky (the threads drift apart
 * after a round or two); racekit's scheduler finds the schedule in which
 * they stay in step. */
#include <pthread.h>
#include <stdio.h>

struct account {
    pthread_mutex_t lock;
    long balance;
};

static struct account checking = { PTHREAD_MUTEX_INITIALIZER, 100 };
static struct account savings = { PTHREAD_MUTEX_INITIALIZER, 100 };

/* transfer - move `amount` from one account to the other, both locked;
 * never wait for the second lock while holding the first. */
static void transfer(struct account *from, struct account *to, long amount)
{
    for (;;) {
        pthread_mutex_lock(&from->lock);
        if (pthread_mutex_trylock(&to->lock) == 0)
            break;
        pthread_mutex_unlock(&from->lock); /* taken: back off and try again */
    }
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&to->lock);
    pthread_mutex_unlock(&from->lock);
}

static void *save(void *arg)
{
    (void)arg;
    transfer(&checking, &savings, 30);
    return NULL;
}

static void *spend(void *arg)
{
    (void)arg;
    transfer(&savings, &checking, 20);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, save, NULL);
    pthread_create(&b, NULL, spend, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("checking %ld, savings %ld\n", checking.balance, savings.balance);
    return 0;
}
