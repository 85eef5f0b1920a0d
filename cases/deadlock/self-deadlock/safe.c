/* deadlock/self-deadlock (safe): the locked work lives in a helper that expects the lock held.
 *
 * deposit_unlocked() does the update and documents that its caller must
 * already hold the account mutex. deposit() is the public entry point: it
 * locks, calls the helper and unlocks. add_interest() holds the lock for its
 * whole read-compute-update and calls the helper directly, so the mutex is
 * taken exactly once per operation and nobody waits for themselves. */
#include "racekit.h"

struct account {
    pthread_mutex_t lock;
    long balance;
};

static struct account account = { PTHREAD_MUTEX_INITIALIZER, 1000 };
static racekit_order order;

/* The caller must hold a->lock. */
static void deposit_unlocked(struct account *a, long amount)
{
    a->balance += amount;
}

static void deposit(struct account *a, long amount)
{
    pthread_mutex_lock(&a->lock);
    deposit_unlocked(a, amount);
    pthread_mutex_unlock(&a->lock);
}

static void add_interest(struct account *a)
{
    pthread_mutex_lock(&a->lock);
    long interest = a->balance / 100;
    deposit_unlocked(a, interest); /* we already hold a->lock */
    pthread_mutex_unlock(&a->lock);
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    if (index == 0)
        deposit(&account, 100);
    else
        add_interest(&account);
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    /* Either order is correct: interest after the deposit (1111) or before (1110). */
    RACEKIT_CHECK(account.balance == 1111 || account.balance == 1110,
                  "balance is %ld, expected 1111 or 1110", account.balance);
    printf("balance = %ld\n", account.balance);
    return 0;
}
