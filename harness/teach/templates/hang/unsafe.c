/* @ID@ (unsafe): TODO one sentence on what goes wrong.
 *
 * TODO Say who waits for whom. In this skeleton two transfers lock two
 * accounts in opposite orders; the ordering barrier sits between the first
 * and the second lock, so each thread holds one lock and waits forever for
 * the other's: the program hangs on every run and the timeout fires. */
#include "racekit.h"

struct account {
    pthread_mutex_t lock;
    long balance;
};

static struct account accounts[2] = {
    { PTHREAD_MUTEX_INITIALIZER, 100 },
    { PTHREAD_MUTEX_INITIALIZER, 100 },
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
    printf("balances: %ld %ld\n", accounts[0].balance, accounts[1].balance);
    return 0;
}
