/* hang/deadlock: an ABBA deadlock that blocks on every run. */
#include "racekit.h"

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

/* noinline: at -O1 the two calls of pthread_mutex_lock would merge into one
 * call site in worker(), and both waits would show the same line. */
__attribute__((noinline)) static void a_then_b(void)
{
    pthread_mutex_lock(&a);
    racekit_order_wait(&order);
    pthread_mutex_lock(&b); /* WAITS-FOR-B */
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
}

__attribute__((noinline)) static void b_then_a(void)
{
    pthread_mutex_lock(&b);
    racekit_order_wait(&order);
    pthread_mutex_lock(&a); /* WAITS-FOR-A */
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 0)
        a_then_b();
    else
        b_then_a();
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    return 0;
}
