/* deadlock/lock-order (unsafe): two transfers lock two accounts in opposite orders.
 *
 * transfer(from, to) locks `from` first, then `to`. Thread 0 moves money from
 * account 0 to account 1 (locks 0 then 1); thread 1 moves it back (locks 1
 * then 0). If each thread took its first lock at the same moment, each would
 * wait forever for the other's: a deadlock. Here the ordering barrier makes
 * thread 1 start only after thread 0 has released both locks, so this run
 * never blocks - yet the two lock orders are already an inversion, and TSan
 * reports the deadlock that could happen on another run. */
#include "racekit.h"

struct account {
    pthread_mutex_t lock;
    int id;
    long balance;
};

static struct account accounts[2] = {
    { PTHREAD_MUTEX_INITIALIZER, 0, 100 },
    { PTHREAD_MUTEX_INITIALIZER, 1, 100 },
};
static racekit_order order;

static void transfer(struct account *from, struct account *to, long amount)
{
    pthread_mutex_lock(&from->lock);
    pthread_mutex_lock(&to->lock);
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&to->lock);
    pthread_mutex_unlock(&from->lock);
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    transfer(&accounts[index], &accounts[1 - index], 10);
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    long total = accounts[0].balance + accounts[1].balance;
    RACEKIT_CHECK(total == 200, "total is %ld, expected 200", total);
    printf("balances: %ld %ld\n", accounts[0].balance, accounts[1].balance);
    return 0;
}
