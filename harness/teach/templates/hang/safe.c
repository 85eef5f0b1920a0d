/* @ID@ (safe): TODO one sentence on the fix.
 *
 * TODO Say why the fix is enough. In this skeleton every thread takes the
 * two locks in one global order (lower address first), so no cycle of
 * waiting threads can form. */
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
    struct account *first = from < to ? from : to, *second = from < to ? to : from;
    racekit_order_wait(&order); /* both threads arrive together */
    pthread_mutex_lock(&first->lock);
    pthread_mutex_lock(&second->lock);
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&second->lock);
    pthread_mutex_unlock(&first->lock);
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
