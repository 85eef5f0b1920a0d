/* invariants/transfer (safe): one thread moves money between two
 * accounts while an auditor adds up the total.
 *
 * transfer() now holds both accounts' locks from before the debit until
 * after the credit, so no other thread that takes the locks can see the
 * money in neither account. Both locks are taken in one fixed order (array
 * order, the same as the auditor's), so two threads locking the same two
 * accounts can never wait for each other in a circle. */
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
    struct account *first = from < to ? from : to; /* array order */
    struct account *second = from < to ? to : from;
    pthread_mutex_lock(&first->lock);
    pthread_mutex_lock(&second->lock);
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&second->lock);
    pthread_mutex_unlock(&first->lock);
    racekit_order_wait(&order); /* the auditor looks now */
    racekit_order_wait(&order); /* ... and has finished */
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
