/* limits/pipe-gate (safe): the check and the debit in one critical section.
 *
 * The customer that locks second sees the balance the first one left and
 * is refused. The pipe gate is unchanged: it was never the bug, and
 * racekit's scheduler still cannot run this program (README.md). */
#include "racekit.h"

static long balance = 100;
static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static int approved[2];
static int ready_pipe[2], go_pipe[2];
static racekit_order order;

/* withdraw - take `amount` from the account if it holds enough; returns 1
 * when the money was paid out, 0 when it was refused. */
static int withdraw(long amount)
{
    racekit_order_wait(&order); /* both customers arrive together */
    pthread_mutex_lock(&account_lock);
    int enough = balance >= amount;
    if (enough)
        balance -= amount;
    pthread_mutex_unlock(&account_lock);
    return enough;
}

static void *customer(void *arg)
{
    long index = (long)arg;
    char c = 'r';
    if (write(ready_pipe[1], &c, 1) != 1 || read(go_pipe[0], &c, 1) != 1) {
        perror("customer: pipe");
        exit(1);
    }
    approved[index] = withdraw(80);
    return NULL;
}

int main(void)
{
    pthread_t customers[2];
    char c;
    if (pipe(ready_pipe) != 0 || pipe(go_pipe) != 0) {
        perror("pipe");
        return 1;
    }
    racekit_order_init(&order, 2);
    for (long i = 0; i < 2; i++)
        pthread_create(&customers[i], NULL, customer, (void *)i);
    for (int i = 0; i < 2; i++) /* both customers are at the door */
        if (read(ready_pipe[0], &c, 1) != 1)
            return 1;
    if (write(go_pipe[1], "gg", 2) != 2) /* the bank opens */
        return 1;
    for (int i = 0; i < 2; i++)
        pthread_join(customers[i], NULL);
    printf("approved: %d and %d, balance %ld\n", approved[0], approved[1], balance);
    RACEKIT_CHECK(balance >= 0, "balance is %ld, it must never go below 0", balance);
    return 0;
}
