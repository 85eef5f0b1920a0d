/* atomicity/wrong-lock (safe): two modules update one score, both under
 * the same mutex.
 *
 * Both modules take the one score_lock: the lock goes with the data, not
 * with the code, so the two read-modify-writes of `score` never
 * interleave. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t score_lock = PTHREAD_MUTEX_INITIALIZER;
static int score;

static void *add_points(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++) {
        pthread_mutex_lock(&score_lock);
        int s = score;
        score = s + 1;
        pthread_mutex_unlock(&score_lock);
    }
    return NULL;
}

static void *add_bonus(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++) {
        pthread_mutex_lock(&score_lock);
        int s = score;
        score = s + 10;
        pthread_mutex_unlock(&score_lock);
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
