/* pools/stack-capture (unsafe): a task that keeps a pointer into the stack
 * frame of the function that submitted it, after that function returned.
 *
 * deposit() builds the task's argument, a `struct deposit`, as a local
 * variable, hands its address to the pool and returns. The task runs later,
 * on the worker; by then the frame is gone, and the next call of deposit()
 * has put its own `struct deposit` at the same address: a first task that
 * runs after that reads the second deposit's amount, so 10 is never added
 * and 20 twice. Whether it does depends on when the worker gets there; no
 * ordering barrier here: racekit's scheduler finds the schedule. TSan says
 * nothing: the compiler does not instrument main's writes into its own
 * frame, so TSan never sees the two threads meet there. */
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
    const struct deposit *d = arg;
    balance += d->amount; /* whatever is at that address now */
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
    struct deposit d = { amount };
    pool_submit(add_deposit, &d); /* the task gets a pointer into this frame */
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
