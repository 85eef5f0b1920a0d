/* check-then-act/withdraw (safe): two threads withdraw from one bank
 * account that must never go below zero.
 *
 * The balance check and the debit now form one critical section: no other
 * withdrawal can spend the money between "there is enough" and the debit,
 * so the second thread sees the lower balance and is refused. The ordering
 * barrier now sits before the lock: both threads still arrive at the same
 * time and compete for it. */
#include "racekit.h"

static long balance = 100;
static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static int approved[2];
static racekit_order order;

/* withdraw - take `amount` from the account if it holds enough; returns 1
 * when the money was paid out, 0 when it was refused. */
static int withdraw(long amount)
{
    racekit_order_wait(&order); /* both threads arrive together */
    pthread_mutex_lock(&account_lock);
    int enough = balance >= amount;
    if (enough)
        balance -= amount;
    pthread_mutex_unlock(&account_lock);
    return enough;
}

static void customer(int index, void *shared)
{
    (void)shared;
    approved[index] = withdraw(80);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, customer, NULL);
    printf("approved: %d and %d, balance %ld\n", approved[0], approved[1], balance);
    RACEKIT_CHECK(balance >= 0, "balance is %ld, it must never go below 0", balance);
    return 0;
}
