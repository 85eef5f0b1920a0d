/* limits/history-eviction (unsafe): the first access fell out of TSan's history.
 *
 * Each thread reads `balance`, writes a long statement into its own table,
 * then writes back the balance plus its deposit - with no lock. Both threads
 * read before either writes (the ordering barrier makes sure), so one deposit
 * is lost on every run. TSan notices the conflict in shadow memory, but to
 * report it must rebuild the stack of the other thread's read from that
 * thread's recent history, and 300000 statement writes later that part of
 * the history has been recycled: TSan drops the report and prints nothing. */
#include "racekit.h"

/* Enough writes to distinct addresses to push an access out of TSan's
 * per-thread history (about 100000 events with the default history_size). */
enum { STATEMENT_LINES = 300000 };

static long balance;
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
    long seen = balance;        /* racy read, soon out of TSan's history */
    racekit_order_wait(&order); /* both threads have read the balance */
    write_statement(index);
    racekit_order_wait(&order); /* both statements are written */
    balance = seen + 100;       /* racy write */
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
