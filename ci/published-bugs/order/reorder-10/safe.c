/* order/reorder-10 (safe): 9 setter threads and one checker share the pair
 * (a, b), which must always be equal.
 *
 * Each setter writes a and b in one critical section: a checker, which
 * reads both under the same lock, sees the pair before or after a setter's
 * update, never half of it. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

#define SETTERS 9

static pthread_mutex_t pair_lock = PTHREAD_MUTEX_INITIALIZER;
static int a, b;

static void *setter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&pair_lock);
    a = 1;
    b = 1;
    pthread_mutex_unlock(&pair_lock);
    return NULL;
}

static void *checker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&pair_lock);
    int seen_a = a, seen_b = b;
    pthread_mutex_unlock(&pair_lock);
    assert(seen_a == seen_b);
    return NULL;
}

int main(void)
{
    pthread_t threads[SETTERS + 1];
    for (int i = 0; i < SETTERS; i++)
        pthread_create(&threads[i], NULL, setter, NULL);
    pthread_create(&threads[SETTERS], NULL, checker, NULL);
    for (int i = 0; i <= SETTERS; i++)
        pthread_join(threads[i], NULL);
    printf("a = %d, b = %d\n", a, b);
    return 0;
}
