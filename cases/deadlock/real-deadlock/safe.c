/* deadlock/real-deadlock (safe): two transfers lock two accounts in one global order.
 *
 * transfer(from, to) always locks the account with the smaller id first,
 * whichever direction the money moves. Both threads now ask for lock 0
 * first: one gets it, the other waits without holding anything, so no
 * thread ever holds a lock another is waiting for while waiting itself.
 * The ordering barrier still makes both threads start together; it now sits
 * before the first lock (waiting at it while holding lock 0 would block the
 * other thread at lock 0 and the barrier would never open). */
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
    struct account *first = from->id < to->id ? from : to;
    struct account *second = from->id < to->id ? to : from;
    racekit_order_wait(&order); /* both threads start together */
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
    long total = accounts[0].balance + accounts[1].balance;
    RACEKIT_CHECK(total == 200, "total is %ld, expected 200", total);
    printf("balances: %ld %ld\n", accounts[0].balance, accounts[1].balance);
    return 0;
}
