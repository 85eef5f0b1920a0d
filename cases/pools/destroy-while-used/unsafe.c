/* pools/destroy-while-used (unsafe): a pool with one worker thread, its
 * queue on the heap, freed while the worker is still draining it.
 *
 * main submits two tasks, stops the pool (the worker runs what is queued,
 * then quits) and frees it - and joins the worker only after that, as if
 * "stopped" meant "done". It does not: the worker is still running the
 * first task, and when that returns it locks the pool's mutex and reads its
 * queue, in memory that has been freed. The ordering barrier holds the
 * first task until main has freed the pool, so this happens on every run,
 * and TSan reports a heap-use-after-free at each of those accesses. */
#include "racekit.h"

#define TASKS 2
#define CAPACITY 4

struct task {
    void (*run)(int arg);
    int arg;
};

struct pool {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a task arrived, or the pool is stopping */
    struct task queue[CAPACITY];
    int head, count;
    int stopping;
};

static int ran[TASKS]; /* ran[i] = 1 once task i has run */
static racekit_order order;

static void slow_task(int i)
{
    if (i == 0) {
        racekit_order_wait(&order); /* main stops the pool... */
        racekit_order_wait(&order); /* ...and frees it meanwhile */
    }
    ran[i] = 1;
}

/* pool_new - an empty pool on the heap; the caller frees it, once no
 * worker uses it any more. */
static struct pool *pool_new(void)
{
    struct pool *p = calloc(1, sizeof *p);
    if (p == NULL)
        abort();
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    return p;
}

static void pool_submit(struct pool *p, void (*run)(int), int arg)
{
    pthread_mutex_lock(&p->lock);
    p->queue[(p->head + p->count) % CAPACITY] = (struct task){ run, arg };
    p->count++;
    pthread_cond_signal(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

/* pool_stop - no more tasks: the workers run what is queued, then quit. */
static void pool_stop(struct pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->stopping = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

static void *worker(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock); // RACE
        while (p->count == 0 && !p->stopping) // RACE
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->count == 0) { /* stopping, and nothing left to run */
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        struct task t = p->queue[p->head]; // RACE
        p->head = (p->head + 1) % CAPACITY;
        p->count--;
        pthread_mutex_unlock(&p->lock);
        t.run(t.arg);
    }
}

int main(void)
{
    racekit_order_init(&order, 2);
    struct pool *p = pool_new();
    pthread_t tid;
    pthread_create(&tid, NULL, worker, p);
    for (int i = 0; i < TASKS; i++)
        pool_submit(p, slow_task, i);
    racekit_order_wait(&order); /* the worker is in task 0 */
    pool_stop(p);
    free(p); // RACE
    racekit_order_wait(&order); /* task 0 goes on now */
    pthread_join(tid, NULL);
    printf("%d and %d ran\n", ran[0], ran[1]);
    return 0;
}
