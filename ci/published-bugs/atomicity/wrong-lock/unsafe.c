/* atomicity/wrong-lock (unsafe): two modules update one score, each under
 * a mutex of its own.
 *
 * add_points() takes points_lock and add_bonus() takes bonus_lock: each
 * lock excludes only its own module, so the two read-modify-writes of
 * `score` can interleave and an update is lost. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t points_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t bonus_lock = PTHREAD_MUTEX_INITIALIZER;
static int score;

static void *add_points(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++) {
        pthread_mutex_lock(&points_lock);
        int s = score;
        score = s + 1;
        pthread_mutex_unlock(&points_lock);
    }
    return NULL;
}

static void *add_bonus(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++) {
        pthread_mutex_lock(&bonus_lock);
        int s = score;
        score = s + 10;
        pthread_mutex_unlock(&bonus_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t points, bonus;
    pthread_create(&points, NULL, add_points, NULL);
    pthread_create(&bonus, NULL, add_bonus, NULL);
    pthread_join(points, NULL);
    pthread_join(bonus, NULL);
    printf("score = %d\n", score);
    assert(score == 33);
    return 0;
}
