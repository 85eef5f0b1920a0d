/* pools/join-before-drain (safe): a pool of two workers stopped by
 * "poison pills", whose shutdown sends them, then joins the workers.
 *
 * A worker takes tasks from the queue, waiting while it is empty, and quits
 * when it takes a pill: a task with no function. pool_shutdown() queues one
 * pill per worker first, behind the real tasks, then joins the workers. The
 * queue is first in, first out, so a worker meets a pill only once every
 * task before it was taken: the joins return after the queue is drained,
 * and not before. */
#include "racekit.h"

#define WORKERS 2
#define TASKS 3
#define CAPACITY 8

struct task {
    void (*run)(int arg); /* NULL: a pill, the worker quits */
    int arg;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t nonempty;
    struct task queue[CAPACITY];
    int head, count;
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER, .nonempty = PTHREAD_COND_INITIALIZER };

static int ran[TASKS]; /* ran[i] = 1 once task i has run */

static void mark(int i)
{
    ran[i] = 1;
}

static void pool_put(struct task t)
{
    pthread_mutex_lock(&pool.lock);
    pool.queue[(pool.head + pool.count) % CAPACITY] = t;
    pool.count++;
    pthread_cond_signal(&pool.nonempty);
    pthread_mutex_unlock(&pool.lock);
}

/* pool_take - the oldest task, waiting until there is one. */
static struct task pool_take(void)
{
    pthread_mutex_lock(&pool.lock);
    while (pool.count == 0)
        pthread_cond_wait(&pool.nonempty, &pool.lock);
    struct task t = pool.queue[pool.head];
    pool.head = (pool.head + 1) % CAPACITY;
    pool.count--;
    pthread_mutex_unlock(&pool.lock);
    return t;
}

static void *worker(void *arg)
{
    (void)arg;
    for (struct task t = pool_take(); t.run != NULL; t = pool_take())
        t.run(t.arg);
    return NULL; /* took a pill */
}

/* pool_shutdown - no more tasks: wait until the workers have run every
 * queued task and quit. */
static void pool_shutdown(pthread_t *workers)
{
    for (int i = 0; i < WORKERS; i++)
        pool_put((struct task){ NULL, 0 }); /* one pill per worker */
    for (int i = 0; i < WORKERS; i++)
        pthread_join(workers[i], NULL);
}

int main(void)
{
    pthread_t workers[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&workers[i], NULL, worker, NULL);
    for (int i = 0; i < TASKS; i++)
        pool_put((struct task){ mark, i });
    pool_shutdown(workers);
    int done = 0;
    for (int i = 0; i < TASKS; i++)
        done += ran[i];
    printf("%d of %d tasks ran\n", done, TASKS);
    RACEKIT_CHECK(done == TASKS, "%d of %d tasks ran", done, TASKS);
    return 0;
}
