/* concepts/no-gil (safe): two threads each add 1 to a shared int, many times.
 *
 * In CPython a global interpreter lock (the GIL) lets only one thread run
 * Python code at a time. C has no such lock, so the program brings its own:
 * a mutex around `total++` makes each load-add-store finish before the other
 * thread's begins, and tells TSan (and the CPU) that the increments are
 * ordered. The ordering barrier still lets thread 0 go first. */
#include "racekit.h"

static int total;
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

static void add_many(int index, void *shared)
{
    int iters = *(const int *)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    for (int i = 0; i < iters; i++) {
        pthread_mutex_lock(&total_lock);
        total++;
        pthread_mutex_unlock(&total_lock);
    }
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    int iters = racekit_env_int("RACEKIT_ITERS", 1000);
    racekit_order_init(&order, 2);
    racekit_run(2, add_many, &iters);
    RACEKIT_CHECK(total == 2 * iters, "total is %d, expected %d", total, 2 * iters);
    printf("total = %d\n", total);
    return 0;
}
