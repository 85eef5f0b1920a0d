/* fixture deadlock/stuck (safe): both threads take a, then b. */
#include "racekit.h"

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void take(int index, void *shared)
{
    (void)index;
    (void)shared;
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
}

int main(void)
{
    racekit_run(2, take, NULL);
    return 0;
}
