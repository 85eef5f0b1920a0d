/* pools/shutdown-loses-tasks (safe): a pool of two worker threads and a
 * task queue, shut down once the queue is drained.
 *
 * main submits three tasks and shuts the pool down: it sets `stopping`,
 * wakes every worker and joins them. A worker quits only when the queue is
 * empty: after its wait, `count == 0` can only mean that the pool is
 * stopping and nothing is left, so whatever main queued before the
 * shutdown still runs, however late the workers get to it. */
#include "racekit.h"

#define WORKERS 2
#define TASKS 3
#define CAPACITY 4

struct task {
    void (*run)(int arg);
    int arg;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a task arrived, or the pool is stopping */
    struct task queue[CAPACITY];
    int head, count;
    int stopping;
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER };

static int ran[TASKS]; /* ran[i] = 1 once task i has run */

static void mark(int i)
{
    ran[i] = 1;
}

static void pool_submit(void (*run)(int), int arg)
{
    pthread_mutex_lock(&pool.lock);
    pool.queue[(pool.head + pool.count) % CAPACITY] = (struct task){ run, arg };
    pool.count++;
    pthread_cond_signal(&pool.changed);
    pthread_mutex_unlock(&pool.lock);
}

static void *worker(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&pool.lock);
        while (pool.count == 0 && !pool.stopping)
            pthread_cond_wait(&pool.changed, &pool.lock);
        if (pool.count == 0) { /* stopping, and nothing left to run */
            pthread_mutex_unlock(&pool.lock);
            return NULL;
        }
        struct task t = pool.queue[pool.head];
        pool.head = (pool.head + 1) % CAPACITY;
        pool.count--;
        pthread_mutex_unlock(&pool.lock);
        t.run(t.arg);
    }
}

/* pool_shutdown - no more tasks: tell the workers, and wait until they quit. */
static void pool_shutdown(pthread_t *workers)
{
    pthread_mutex_lock(&pool.lock);
    pool.stopping = 1;
    pthread_cond_broadcast(&pool.changed);
    pthread_mutex_unlock(&pool.lock);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(workers[i], NULL);
}

int main(void)
{
    pthread_t workers[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&workers[i], NULL, worker, NULL);
    for (int i = 0; i < TASKS; i++)
        pool_submit(mark, i);
    pool_shutdown(workers);
    int done = 0;
    for (int i = 0; i < TASKS; i++)
        done += ran[i];
    printf("%d of %d tasks ran\n", done, TASKS);
    RACEKIT_CHECK(done == TASKS, "%d of %d tasks ran: the shutdown lost %d", done, TASKS, TASKS - done);
    return 0;
}
