/* semaphores/lock-count (safe): two tellers pay into one account, and a
 * semaphore is the lock around the update.
 *
 * The semaphore starts at 1: one thread may be past sem_wait at a time,
 * the other waits in sem_wait until the first posts. The post and the wait
 * also order the two updates for TSan, so there is no race and no deposit
 * is lost. The ordering barrier now sits before sem_wait: both tellers
 * still arrive together and compete for the semaphore. */
#include <semaphore.h>

#include "racekit.h"

static long balance = 100;
static sem_t lock; /* the lock around balance */
static racekit_order order;

static void deposit(long amount)
{
    racekit_order_wait(&order); /* both tellers arrive together */
    sem_wait(&lock);
    long seen = balance;
    balance = seen + amount;
    sem_post(&lock);
}

static void teller(int index, void *shared)
{
    (void)shared;
    deposit(10 * (index + 1));
}

int main(void)
{
    sem_init(&lock, 0, 1); /* 0: shared by this process's threads only */
    racekit_order_init(&order, 2);
    racekit_run(2, teller, NULL);
    printf("balance %ld\n", balance);
    RACEKIT_CHECK(balance == 130, "balance is %ld, expected 100 + 10 + 20 = 130", balance);
    sem_destroy(&lock);
    return 0;
}
