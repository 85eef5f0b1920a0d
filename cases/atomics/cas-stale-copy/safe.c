/* atomics/cas-stale-copy (safe): two box offices sell seats from one
 * shared count with a compare-and-swap loop.
 *
 * The loop computes `left` and checks it inside, on every try: when the
 * exchange fails, `seen` holds the count another sale left, and the next
 * try starts from it. What is installed is always "the count I saw, minus
 * my seats", and the exchange succeeds only if the count is still the one
 * it saw. */
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
    long left;
    do {
        left = seen - n; /* from the count the last try saw */
        if (left < 0)
            return 0;
    } while (!atomic_compare_exchange_weak(&seats, &seen, left));
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
