/* invariants/two-mutexes (safe): a shop's stock count is changed by a
 * sale and by a delivery, both under one mutex.
 *
 * `stock` has exactly one lock, stock_lock, and every code path that
 * touches it takes that lock. A sale and a delivery now exclude each
 * other, and each unlock/lock pair orders one update after the other. */
#include "racekit.h"

static long stock = 10;
static pthread_mutex_t stock_lock = PTHREAD_MUTEX_INITIALIZER; /* guards stock */
static int sold; /* did thread 0's sale succeed? */
static racekit_order order;

static int sell(void)
{
    pthread_mutex_lock(&stock_lock);
    int ok = stock > 0;
    if (ok)
        stock--;
    pthread_mutex_unlock(&stock_lock);
    return ok;
}

static void restock(long items)
{
    pthread_mutex_lock(&stock_lock);
    stock += items;
    pthread_mutex_unlock(&stock_lock);
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
