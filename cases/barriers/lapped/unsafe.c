/* barriers/lapped (unsafe): two workers run three rounds, and meet at a
 * home-made barrier - a mutex, a condition variable and a count - after
 * each round.
 *
 * The last thread to arrive sets `arrived` back to 0 and wakes the others,
 * which wait "until the count is reset". That works once. But the last
 * thread goes straight on into the next round and may reach the barrier
 * again - arriving, so `arrived` is 1 - before a woken thread has the mutex
 * back to look. That thread then sees 1, not 0, and goes back to sleep; the
 * fast thread waits for it in the next round: both wait, forever. Whether it
 * happens depends on who gets the mutex first after the broadcast. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

enum { WORKERS = 2, ROUNDS = 3 };

struct barrier {
    pthread_mutex_t lock;
    pthread_cond_t all_here;
    int arrived; /* threads at the barrier in this round */
    int count;   /* threads that must arrive */
};

static struct barrier round_end = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, WORKERS };
static int done[WORKERS][ROUNDS];

/* barrier_wait - return once all `b->count` threads have called it in this
 * round; the barrier can be used again for the next round. */
static void barrier_wait(struct barrier *b)
{
    pthread_mutex_lock(&b->lock);
    if (++b->arrived == b->count) {
        b->arrived = 0; /* ready for the next round */
        pthread_cond_broadcast(&b->all_here);
    } else {
        while (b->arrived != 0) /* wait until the last one resets the count */
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
