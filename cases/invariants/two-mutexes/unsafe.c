/* invariants/two-mutexes (unsafe): a shop's stock count is changed by a
 * sale and by a delivery, each under a different mutex.
 *
 * Both functions lock "a" mutex around `stock`, but not the same one, and
 * a mutex only excludes threads that lock that same mutex: a sale and a
 * delivery can still run at the same time and lose an update. The ordering
 * barrier makes thread 0 sell before thread 1 restocks, in real time, while
 * telling TSan nothing: the two updates are ordered by no common lock, so
 * TSan reports the race, and shows that each side held a different mutex. */
#include "racekit.h"

static long stock = 10;
static pthread_mutex_t sales_lock = PTHREAD_MUTEX_INITIALIZER;    /* taken by sell() */
static pthread_mutex_t delivery_lock = PTHREAD_MUTEX_INITIALIZER; /* taken by restock() */
static int sold; /* did thread 0's sale succeed? */
static racekit_order order;

static int sell(void)
{
    pthread_mutex_lock(&sales_lock);
    int ok = stock > 0;
    if (ok)
        stock--; // RACE
    pthread_mutex_unlock(&sales_lock);
    return ok;
}

static void restock(long items)
{
    pthread_mutex_lock(&delivery_lock);
    stock += items; // RACE
    pthread_mutex_unlock(&delivery_lock);
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    if (index == 0)
        sold = sell();
    else
        restock(5);
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    printf("sold: %d, stock = %ld\n", sold, stock);
    RACEKIT_CHECK(stock == 14, "stock is %ld, expected 10 - 1 + 5 = 14", stock);
    return 0;
}
