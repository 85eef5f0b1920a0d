/* structures/work-stealing (unsafe): a work-stealing deque. The owner
 * pushes and pops tasks at the tail; a thief steals from the head under a
 * lock.
 *
 * The owner's pop() takes no lock: it reads `head`, finds a task left, and
 * only then lowers `tail`. A thief that steals in between sees the old
 * tail, takes the same last task, and the task runs twice. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define TASKS 2

static pthread_mutex_t steal_lock = PTHREAD_MUTEX_INITIALIZER;
static int tasks[TASKS];
static atomic_int head, tail;
static atomic_int runs[TASKS + 1]; /* how often each task ran */

static void push(int task) /* owner only */
{
    int t = atomic_load(&tail);
    tasks[t] = task;
    atomic_store(&tail, t + 1);
}

static int pop(void) /* owner only; 0 when empty */
{
    int t = atomic_load(&tail) - 1;
    int h = atomic_load(&head);
    int task = 0;
    if (h <= t) {
        atomic_store(&tail, t);
        task = tasks[t];
    }
    return task;
}

static int steal(void) /* 0 when empty */
{
    pthread_mutex_lock(&steal_lock);
    int h = atomic_load(&head), task = 0;
    if (h < atomic_load(&tail)) {
        task = tasks[h];
        atomic_store(&head, h + 1);
    }
    pthread_mutex_unlock(&steal_lock);
    return task;
}

static void *owner(void *arg)
{
    (void)arg;
    push(1);
    push(2);
    for (int i = 0; i < 2; i++)
        atomic_fetch_add(&runs[pop()], 1);
    return NULL;
}

static void *thief(void *arg)
{
    (void)arg;
    atomic_fetch_add(&runs[steal()], 1);
    return NULL;
}

int main(void)
{
    pthread_t own, thf;
    pthread_create(&own, NULL, owner, NULL);
    pthread_create(&thf, NULL, thief, NULL);
    pthread_join(own, NULL);
    pthread_join(thf, NULL);
    for (int task = 1; task <= TASKS; task++)
        assert(atomic_load(&runs[task]) == 1);
    printf("each task ran once\n");
    return 0;
}
