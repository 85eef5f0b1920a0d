/* deadlock/self-deadlock (unsafe): a function that holds a lock calls one that takes it again.
 *
 * add_interest() locks the account, computes 1% interest and calls
 * deposit() to add it - but deposit() locks the same account mutex. A
 * default (non-recursive) mutex does not know or care that its owner is the
 * caller: the second pthread_mutex_lock waits for the lock to be released,
 * and the only thread that could release it is the one waiting. Thread 1
 * hangs inside add_interest() on every run. */
#include "racekit.h"

struct account {
    pthread_mutex_t lock;
    long balance;
};

static struct account account = { PTHREAD_MUTEX_INITIALIZER, 1000 };
static racekit_order order;

static void deposit(struct account *a, long amount)
{
    pthread_mutex_lock(&a->lock);
    a->balance += amount;
    pthread_mutex_unlock(&a->lock);
}

static void add_interest(struct account *a)
{
    pthread_mutex_lock(&a->lock);
    long interest = a->balance / 100;
    deposit(a, interest); /* takes a->lock a second time */
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
