/* barriers/lapped (safe): two workers run three rounds, and meet at a
 * home-made barrier - a mutex, a condition variable and a count - after
 * each round.
 *
 * The barrier numbers its rounds. A waiting thread remembers the round it
 * arrived in and sleeps until that round is over (`round` has moved on),
 * whatever `arrived` says by then: a fast thread that has already come back
 * for the next round counts itself in the next round, and cannot keep a
 * thread of the last round asleep. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

enum { WORKERS = 2, ROUNDS = 3 };

struct barrier {
    pthread_mutex_t lock;
    pthread_cond_t all_here;
    int arrived; /* threads at the barrier in this round */
    int count;   /* threads that must arrive */
    int round;   /* rounds completed */
};

static struct barrier round_end = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, WORKERS, 0 };
static int done[WORKERS][ROUNDS];

/* barrier_wait - return once all `b->count` threads have called it in this
 * round; the barrier can be used again for the next round. */
static void barrier_wait(struct barrier *b)
{
    pthread_mutex_lock(&b->lock);
    int mine = b->round;
    if (++b->arrived == b->count) {
        b->arrived = 0; /* ready for the next round */
        b->round++;
        pthread_cond_broadcast(&b->all_here);
    } else {
        while (b->round == mine) /* wait until this round is over */
            pthread_cond_wait(&b->all_here, &b->lock);
    }
    pthread_mutex_unlock(&b->lock);
}

static void *worker(void *arg)
{
    long w = (long)arg;
    for (int r = 0; r < ROUNDS; r++) {
        done[w][r] = 1;
        barrier_wait(&round_end);
        assert(done[1 - w][r] == 1); /* the other worker finished this round too */
    }
    return NULL;
}

int main(void)
{
    pthread_t t[WORKERS];
    for (long w = 0; w < WORKERS; w++)
        pthread_create(&t[w], NULL, worker, (void *)w);
    for (int w = 0; w < WORKERS; w++)
        pthread_join(t[w], NULL);
    printf("both workers finished %d rounds\n", ROUNDS);
    return 0;
}
