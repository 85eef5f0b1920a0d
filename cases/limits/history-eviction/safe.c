/* limits/history-eviction (safe): the first access fell out of TSan's history.
 *
 * The read and the write of `balance` are now one short critical section,
 * after the long statement work instead of around it. The second thread to
 * take the lock reads the balance the first one wrote, so both deposits
 * count, however much work the threads do in between. */
#include "racekit.h"

/* Enough writes to distinct addresses to push an access out of TSan's
 * per-thread history (about 100000 events with the default history_size). */
enum { STATEMENT_LINES = 300000 };

static long balance;
static pthread_mutex_t balance_lock = PTHREAD_MUTEX_INITIALIZER;
static long statement[2][STATEMENT_LINES]; /* each thread's own table */
static racekit_order order;

static void write_statement(int index)
{
    for (long i = 0; i < STATEMENT_LINES; i++)
        statement[index][i] = i;
}

static void deposit(int index, void *shared)
{
    (void)shared;
    racekit_order_wait(&order); /* both threads have started */
    write_statement(index);
    racekit_order_wait(&order); /* both statements are written */
    pthread_mutex_lock(&balance_lock);
    balance = balance + 100;
    pthread_mutex_unlock(&balance_lock);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, deposit, NULL);
    RACEKIT_CHECK(balance == 200, "balance is %ld, expected 200", balance);
    printf("balance = %ld, statements of %ld lines\n", balance,
           statement[0][STATEMENT_LINES - 1] + 1);
    return 0;
}
