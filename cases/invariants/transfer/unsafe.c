/* invariants/transfer (unsafe): one thread moves money between two
 * accounts while an auditor adds up the total.
 *
 * The invariant "the accounts hold 200 in total" spans two accounts, but
 * transfer() debits under one account's lock and credits under the other's,
 * releasing the first before taking the second. In between the money is in
 * neither account, and a thread that takes both locks sees it missing. The
 * ordering barrier lets the auditor look exactly in that gap, on every run.
 * Every access is locked, so TSan is silent; only the audit sees the bug. */
#include "racekit.h"

struct account {
    pthread_mutex_t lock;
    long balance;
};

static struct account accounts[2] = {
    { PTHREAD_MUTEX_INITIALIZER, 100 },
    { PTHREAD_MUTEX_INITIALIZER, 100 },
};
static long audited_total;
static racekit_order order;

static void transfer(struct account *from, struct account *to, long amount)
{
    pthread_mutex_lock(&from->lock);
    from->balance -= amount;
    pthread_mutex_unlock(&from->lock);
    racekit_order_wait(&order); /* the auditor looks now */
    racekit_order_wait(&order); /* ... and has finished */
    pthread_mutex_lock(&to->lock);
    to->balance += amount;
    pthread_mutex_unlock(&to->lock);
}

/* audit - the total of both accounts, taken with both locks held (always
 * in array order), so no transfer can run in the middle of the sum. */
static long audit(void)
{
    pthread_mutex_lock(&accounts[0].lock);
    pthread_mutex_lock(&accounts[1].lock);
    long total = accounts[0].balance + accounts[1].balance;
    pthread_mutex_unlock(&accounts[1].lock);
    pthread_mutex_unlock(&accounts[0].lock);
    return total;
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 0) {
        transfer(&accounts[0], &accounts[1], 30);
    } else {
        racekit_order_wait(&order); /* the auditor goes after the debit */
        audited_total = audit();
        racekit_order_wait(&order);
    }
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    printf("balances %ld and %ld, the auditor saw a total of %ld\n",
           accounts[0].balance, accounts[1].balance, audited_total);
    RACEKIT_CHECK(audited_total == 200, "the auditor saw a total of %ld, expected 200",
                  audited_total);
    return 0;
}
