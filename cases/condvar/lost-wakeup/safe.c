/* condvar/lost-wakeup (safe): one thread waits until another announces
 * that its set-up is done.
 *
 * The announcing thread sets the predicate `ready` and signals with the
 * mutex held. The waiter holds the same mutex from its check of `ready`
 * until pthread_cond_wait has put it to sleep (the wait unlocks the mutex
 * only then, atomically), so the announcement comes either before the check
 * - and the waiter sees `ready` - or after the waiter sleeps - and the
 * signal wakes it. There is no gap left for the signal to fall into. */
#include "racekit.h"

#include <stdbool.h>

static atomic_bool ready; /* the predicate: set once the set-up is done */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static racekit_order order;

static void waiter(void)
{
    pthread_mutex_lock(&lock);
    while (!atomic_load(&ready)) {
        racekit_order_wait(&order); /* checked: not ready yet */
        racekit_order_wait(&order); /* the announcer has run */
        pthread_cond_wait(&changed, &lock);
    }
    pthread_mutex_unlock(&lock);
    printf("the set-up is done\n");
}

static void announcer(void)
{
    racekit_order_wait(&order);
    racekit_order_wait(&order);
    pthread_mutex_lock(&lock); /* granted once the waiter sleeps */
    atomic_store(&ready, true);
    pthread_cond_signal(&changed);
    pthread_mutex_unlock(&lock);
}

static void run(int index, void *shared)
{
    (void)shared;
    if (index == 0)
        waiter();
    else
        announcer();
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, run, NULL);
    return 0;
}
