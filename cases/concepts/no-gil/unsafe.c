/* concepts/no-gil (unsafe): two threads each add 1 to a shared int, many times.
 *
 * In CPython a global interpreter lock (the GIL) lets only one thread run
 * Python code at a time. C has no such lock: the two threads really run at
 * the same time on two cores, and nothing orders one thread's `total++`
 * against the other's, so updates can be lost. The ordering barrier lets
 * thread 0 finish its loop before thread 1 starts its own, in real time,
 * while telling TSan nothing: the increments stay unsynchronised, which is
 * the data race, and the total happens to come out right. */
#include "racekit.h"

static int total;
static racekit_order order;

static void add_many(int index, void *shared)
{
    int iters = *(const int *)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    for (int i = 0; i < iters; i++) total++; // RACE
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
