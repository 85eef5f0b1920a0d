/* avoidance/lock-by-address (unsafe): two transfers lock the same two accounts in opposite orders.
 *
 * transfer(from, to) locks `from`, then `to`. One thread moves money from
 * checking to savings, the other from savings to checking, so each takes
 * the locks in the order of its arguments: checking then savings, and
 * savings then checking. When each has taken its first lock, each waits
 * for the other's: a deadlock. Most runs are lucky (one transfer is over
 * before the other starts); TSan sees both orders and reports the cycle,
 * and racekit's scheduler finds the schedule that really blocks. */
#include <pthread.h>
#include <stdio.h>

struct account {
    pthread_mutex_t lock;
    long balance;
};

static struct account checking = { PTHREAD_MUTEX_INITIALIZER, 100 };
static struct account savings = { PTHREAD_MUTEX_INITIALIZER, 100 };

/* transfer - move `amount` from one account to the other, both locked. */
static void transfer(struct account *from, struct account *to, long amount)
{
    pthread_mutex_lock(&from->lock);
    pthread_mutex_lock(&to->lock); /* the other thread may hold it, waiting for ours */
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
