/* pools/destroy-while-used (safe): a pool with one worker thread, its
 * queue on the heap, freed once the worker has quit.
 *
 * main submits two tasks, stops the pool, joins the worker and only then
 * frees the pool. pthread_join returns once the worker has run every queued
 * task and quit, so nothing can touch the pool after the free, and the join
 * orders every access the worker made before it. */
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
        pthread_mutex_lock(&p->lock);
        while (p->count == 0 && !p->stopping)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->count == 0) { /* stopping, and nothing left to run */
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        struct task t = p->queue[p->head];
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
    racekit_order_wait(&order); /* task 0 goes on now */
    pthread_join(tid, NULL);
    free(p); /* the worker has quit: nobody uses the pool any more */
    printf("%d and %d ran\n", ran[0], ran[1]);
    return 0;
}
