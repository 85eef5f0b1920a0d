/* atomics/cas-stale-copy (unsafe): two box offices sell seats from one
 * shared count with a compare-and-swap loop.
 *
 * reserve() loads the count, computes what is left after the sale and
 * checks that it is not negative, then installs it with
 * atomic_compare_exchange_weak. When another sale came first, the exchange
 * fails and puts the count it found into `seen` - but `left` was computed
 * from the old count and the loop does not compute it again: the retry
 * installs the stale result, undoing the other sale, and the check "enough
 * seats?" is never made against the new count. More seats are sold than
 * the hall holds. No ordering barrier here: racekit's scheduler finds the
 * interleaving, and every access is atomic, so TSan stays silent. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum { HALL = 5, OFFICES = 2 };

static atomic_long seats = HALL;
static long sold[OFFICES];

/* reserve - take `n` seats if that many are left; returns 1 when they were
 * taken, 0 when the hall has fewer. */
static int reserve(long n)
{
    long seen = atomic_load(&seats);
    long left = seen - n;
    if (left < 0)
        return 0;
    while (!atomic_compare_exchange_weak(&seats, &seen, left))
        ; /* another sale came first: try again */
    return 1;
}

static void *office(void *arg)
{
    long index = (long)arg;
    if (reserve(3))
        sold[index] = 3;
    return NULL;
}

int main(void)
{
    pthread_t threads[OFFICES];
    for (long i = 0; i < OFFICES; i++)
        pthread_create(&threads[i], NULL, office, (void *)i);
    for (int i = 0; i < OFFICES; i++)
        pthread_join(threads[i], NULL);
    long left = atomic_load(&seats);
    printf("sold %ld and %ld, %ld seats left\n", sold[0], sold[1], left);
    assert(sold[0] + sold[1] + left == HALL);
    return 0;
}
