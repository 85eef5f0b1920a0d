/* deadlock/dining-3 (safe): three philosophers around a table, one fork
 * (a mutex) between each two of them; each eats twice.
 *
 * Every philosopher picks up the lower-numbered of the two forks first: the
 * forks are always taken in one order, so no cycle of waits can form. */
#include <pthread.h>
#include <stdio.h>

#define PHILOSOPHERS 3

static pthread_mutex_t forks[PHILOSOPHERS];
static int meals[PHILOSOPHERS];

static void *philosopher(void *arg)
{
    int me = (int)(long)arg;
    int left = me, right = (me + 1) % PHILOSOPHERS;
    int first = left < right ? left : right, second = left < right ? right : left;
    for (int i = 0; i < 2; i++) {
        pthread_mutex_lock(&forks[first]);
        pthread_mutex_lock(&forks[second]);
        meals[me]++;
        pthread_mutex_unlock(&forks[second]);
        pthread_mutex_unlock(&forks[first]);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[PHILOSOPHERS];
    for (int i = 0; i < PHILOSOPHERS; i++)
        pthread_mutex_init(&forks[i], NULL);
    for (long i = 0; i < PHILOSOPHERS; i++)
        pthread_create(&t[i], NULL, philosopher, (void *)i);
    for (int i = 0; i < PHILOSOPHERS; i++)
        pthread_join(t[i], NULL);
    printf("meals: %d %d %d\n", meals[0], meals[1], meals[2]);
    return 0;
}
