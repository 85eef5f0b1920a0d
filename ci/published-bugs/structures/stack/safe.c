/* structures/stack (safe): a lock-based array stack, one thread pushing
 * and one popping.
 *
 * pop() reads `top`, takes the item and lowers `top` in one critical
 * section: a push comes wholly before or wholly after it. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

#define CAPACITY 4

static pthread_mutex_t stack_lock = PTHREAD_MUTEX_INITIALIZER;
static int items[CAPACITY];
static int top;

static void push(int v)
{
    pthread_mutex_lock(&stack_lock);
    items[top++] = v;
    pthread_mutex_unlock(&stack_lock);
}

static int pop(void) /* 0 when empty */
{
    pthread_mutex_lock(&stack_lock);
    int t = top;
    int v = t == 0 ? 0 : items[t - 1];
    if (t > 0)
        top = t - 1;
    pthread_mutex_unlock(&stack_lock);
    return v;
}

static void *pusher(void *arg)
{
    (void)arg;
    push(1);
    push(2);
    return NULL;
}

static void *popper(void *arg)
{
    int *sum = arg;
    for (int i = 0; i < 2; i++)
        *sum += pop();
    return NULL;
}

int main(void)
{
    pthread_t pu, po;
    int popped = 0;
    push(10);
    pthread_create(&pu, NULL, pusher, NULL);
    pthread_create(&po, NULL, popper, &popped);
    pthread_join(pu, NULL);
    pthread_join(po, NULL);
    int left = 0;
    for (int i = 0; i < top; i++)
        left += items[i];
    printf("popped %d, left %d\n", popped, left);
    assert(popped + left == 13); /* every pushed item is popped or still there */
    return 0;
}
