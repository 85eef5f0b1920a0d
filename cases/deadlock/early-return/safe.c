/* deadlock/early-return (safe): every path leaves through one unlock.
 *
 * withdraw() locks the account once and has a single exit: the error path
 * sets the result and jumps to `out`, where the one unlock is. Whatever
 * path is taken, the mutex is released before the function returns, so
 * thread 1's deposit gets the lock after thread 0's failed withdrawal. */
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
    int result = 0;
    pthread_mutex_lock(&a->lock);
    if (a->balance < amount) {
        result = -1;
        goto out;
    }
    a->balance -= amount;
out:
    pthread_mutex_unlock(&a->lock);
    return result;
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
