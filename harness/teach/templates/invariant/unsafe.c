/* @ID@ (unsafe): TODO one sentence on what goes wrong.
 *
 * TODO Say which property of the shared data breaks. In this skeleton two
 * threads withdraw 100 from a balance of 100: each checks and debits under
 * the lock, but in two separate critical sections. No access races, so TSan
 * is silent; the ordering barrier makes both threads check before either
 * debits, and the balance goes negative on every run. */
#include "racekit.h"

static long balance = 100;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

static void withdraw(int index, void *shared)
{
    (void)index;
    (void)shared;
    pthread_mutex_lock(&lock);
    int enough = balance >= 100;
    pthread_mutex_unlock(&lock);
    racekit_order_wait(&order); /* both threads have checked */
    pthread_mutex_lock(&lock);
    if (enough)
        balance -= 100;
    pthread_mutex_unlock(&lock);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, withdraw, NULL);
    RACEKIT_CHECK(balance >= 0, "balance is %ld, it must never go below 0", balance);
    printf("balance = %ld\n", balance);
    return 0;
}
