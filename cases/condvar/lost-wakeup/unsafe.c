/* condvar/lost-wakeup (unsafe): one thread waits until another announces
 * that its set-up is done.
 *
 * The announcing thread sets the predicate `ready` and signals without
 * taking the mutex ("ready is atomic, so why lock?"). The waiter checks
 * `ready` and goes to sleep under the mutex, but since the announcer ignores
 * the mutex, the announcement can land between the waiter's check and its
 * sleep: the signal finds nobody waiting and is lost, and the waiter sleeps
 * forever. The ordering barrier forces the announcement into that gap on
 * every run. `ready` is atomic and everything else is under the mutex, so
 * TSan sees no race: the only symptom is the hang. */
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
    atomic_store(&ready, true);
    pthread_cond_signal(&changed);
    racekit_order_wait(&order);
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
