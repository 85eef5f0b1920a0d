/* deadlock/real-deadlock (unsafe): two transfers lock two accounts in opposite orders, and block.
 *
 * transfer(from, to) locks `from` first, then `to`. Thread 0 moves money from
 * account 0 to account 1 (locks 0 then 1); thread 1 moves it back (locks 1
 * then 0). The ordering barrier sits between the two locks: each thread
 * takes its first lock, waits until the other has taken its first lock too,
 * and only then asks for its second - which the other thread holds. Each
 * waits for the other forever: the program hangs on every run. */
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
    racekit_order_wait(&order); /* both threads hold their first lock */
    pthread_mutex_lock(&to->lock);
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&to->lock);
    pthread_mutex_unlock(&from->lock);
}

static void worker(int index, void *shared)
{
    (void)shared;
    transfer(&accounts[index], &accounts[1 - index], 10);
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
