/* deadlock/early-return (unsafe): an error path returns without unlocking.
 *
 * withdraw() locks the account, and when the balance is too small it
 * returns -1 at once - still holding the lock. The function returns, the
 * thread even exits, and the mutex stays locked forever. Thread 0 asks for
 * too much and takes that path; thread 1, ordered after it by the ordering
 * barrier, wants to deposit and waits forever for a lock nobody will
 * release. The program hangs on every run. */
#include "racekit.h"

struct account {
    pthread_mutex_t lock;
    long balance;
};

static struct account account = { PTHREAD_MUTEX_INITIALIZER, 100 };
static racekit_order order;
static int withdraw_result;

/* Returns 0 on success, -1 when the balance is too small. */
static int withdraw(struct account *a, long amount)
{
    pthread_mutex_lock(&a->lock);
    if (a->balance < amount)
        return -1; /* returns with a->lock still held */
    a->balance -= amount;
    pthread_mutex_unlock(&a->lock);
    return 0;
}

static void deposit(struct account *a, long amount)
{
    pthread_mutex_lock(&a->lock);
    a->balance += amount;
    pthread_mutex_unlock(&a->lock);
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    if (index == 0)
        withdraw_result = withdraw(&account, 500); /* too much: fails */
    else
        deposit(&account, 50);
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    RACEKIT_CHECK(withdraw_result == -1, "withdraw returned %d, expected -1", withdraw_result);
    RACEKIT_CHECK(account.balance == 150, "balance is %ld, expected 150", account.balance);
    printf("balance = %ld\n", account.balance);
    return 0;
}
