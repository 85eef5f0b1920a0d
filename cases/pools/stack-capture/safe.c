/* pools/stack-capture (safe): a task that kept a pointer into the stack
 * frame of the function that submitted it - fixed: the argument lives on
 * the heap.
 *
 * deposit() allocates the task's argument with malloc and hands it to the
 * pool; the task frees it when it is done. A heap block lives until it is
 * freed, not until the function that made it returns, so each task reads
 * its own amount, whenever the worker gets to it. */
#include "racekit.h"

#define CAPACITY 4

struct task {
    void (*run)(void *arg);
    void *arg;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a task arrived, or the pool is stopping */
    struct task queue[CAPACITY];
    int head, count;
    int stopping;
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER };

static long balance; /* only the one worker touches it, main after the join */

struct deposit {
    long amount;
};

static void add_deposit(void *arg)
{
    struct deposit *d = arg;
    balance += d->amount;
    free(d); /* the task owns its argument */
}

static void pool_submit(void (*run)(void *), void *arg)
{
    pthread_mutex_lock(&pool.lock);
    pool.queue[(pool.head + pool.count) % CAPACITY] = (struct task){ run, arg };
    pool.count++;
    pthread_cond_signal(&pool.changed);
    pthread_mutex_unlock(&pool.lock);
}

/* deposit - queue a task that adds `amount` to the balance. */
static void deposit(long amount)
{
    struct deposit *d = malloc(sizeof *d);
    if (d == NULL)
        abort();
    d->amount = amount;
    pool_submit(add_deposit, d); /* the task owns it now */
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

int main(void)
{
    pthread_t tid;
    pthread_create(&tid, NULL, worker, NULL);
    deposit(10);
    deposit(20);
    pthread_mutex_lock(&pool.lock);
    pool.stopping = 1;
    pthread_cond_broadcast(&pool.changed);
    pthread_mutex_unlock(&pool.lock);
    pthread_join(tid, NULL);
    printf("balance %ld after deposits of 10 and 20\n", balance);
    RACEKIT_CHECK(balance == 30, "the balance is %ld, expected 30", balance);
    return 0;
}
