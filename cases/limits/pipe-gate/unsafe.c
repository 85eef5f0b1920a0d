/* limits/pipe-gate (unsafe): two customers withdraw from one account that
 * must never go below zero; the bank opens through a gate made of pipes.
 *
 * Each customer says "ready" on one pipe and waits in read() for "go" on
 * another; main reads both "ready"s, then writes the two "go"s. The bug is
 * check-then-act/withdraw's: the balance check and the debit hold the
 * mutex in two separate critical sections, and the ordering barrier lets
 * both customers check before either debits, so both are paid and the
 * balance ends negative, on every run. The pipe gate itself is correct, and
 * TSan takes a write to a pipe and the read of it as synchronisation.
 * racekit's scheduler cannot run this program at all: a thread waiting in
 * read() holds the only turn, so nobody can write what it waits for. */
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
    pthread_mutex_lock(&account_lock);
    int enough = balance >= amount;
    pthread_mutex_unlock(&account_lock);
    racekit_order_wait(&order); /* both customers have checked */
    pthread_mutex_lock(&account_lock);
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
