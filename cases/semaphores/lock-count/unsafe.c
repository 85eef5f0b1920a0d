/* semaphores/lock-count (unsafe): two tellers pay into one account, and a
 * semaphore is the lock around the update.
 *
 * A semaphore's count is how many threads may be past sem_wait at the same
 * time. Used as a lock it must start at 1; this one starts at 2, one "per
 * teller", so both tellers are inside together. Their reads and writes of
 * `balance` are ordered by nothing: a data race, and one deposit is lost.
 * The ordering barrier holds each teller between its read and its write
 * until the other has read too (in real time, without telling TSan), so
 * both are inside at once on every run. */
#include <semaphore.h>

#include "racekit.h"

static long balance = 100;
static sem_t lock; /* the lock around balance */
static racekit_order order;

static void deposit(long amount)
{
    sem_wait(&lock);
    long seen = balance; // RACE
    racekit_order_wait(&order); /* both tellers are inside */
    balance = seen + amount; // RACE
    sem_post(&lock);
}

static void teller(int index, void *shared)
{
    (void)shared;
    deposit(10 * (index + 1));
}

int main(void)
{
    sem_init(&lock, 0, 2); /* 0: shared by this process's threads only */
    racekit_order_init(&order, 2);
    racekit_run(2, teller, NULL);
    printf("balance %ld\n", balance);
    RACEKIT_CHECK(balance == 130, "balance is %ld, expected 100 + 10 + 20 = 130", balance);
    sem_destroy(&lock);
    return 0;
}
