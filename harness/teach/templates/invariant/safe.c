/* @ID@ (safe): TODO one sentence on the fix.
 *
 * TODO Say why the fix is enough. In this skeleton the check and the debit
 * share one critical section, so no other thread can act between them. */
#include "racekit.h"

static long balance = 100;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

static void withdraw(int index, void *shared)
{
    (void)index;
    (void)shared;
    racekit_order_wait(&order); /* both threads arrive together */
    pthread_mutex_lock(&lock);
    int enough = balance >= 100;
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
