/* invariants/linked-list (safe): one thread inserts into a shared linked
 * list while another removes from it, under one list mutex.
 *
 * The mutex makes push() and pop() critical sections: the read of `head`
 * and the write that links or unlinks a node can no longer interleave with
 * the other thread's, so no node is lost. Its unlock/lock pair also orders
 * the pop's reads after the push's writes, for the CPU and for TSan. */
#include "racekit.h"

struct node {
    int value;
    struct node *next;
};

/* The nodes come from a static pool: the list starts as 1 -> 2, node 3 is
 * free for the push. */
static struct node pool[3] = { { 1, &pool[1] }, { 2, NULL }, { 3, NULL } };
static struct node *head = &pool[0];
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static int popped;
static racekit_order order;

static void push(struct node *n, int value)
{
    pthread_mutex_lock(&list_lock);
    n->value = value;
    n->next = head;
    head = n;
    pthread_mutex_unlock(&list_lock);
}

static int pop(void)
{
    pthread_mutex_lock(&list_lock);
    struct node *n = head;
    int value = -1;
    if (n != NULL) {
        head = n->next;
        value = n->value;
    }
    pthread_mutex_unlock(&list_lock);
    return value;
}

static void worker(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    if (index == 0)
        push(&pool[2], 3);
    else
        popped = pop();
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, worker, NULL);
    int length = 0;
    for (struct node *n = head; n != NULL && length < 10; n = n->next)
        length++;
    printf("popped %d, %d nodes left\n", popped, length);
    RACEKIT_CHECK(length == 2, "the list has %d nodes, expected 2 (2 + 1 pushed - 1 popped)",
                  length);
    return 0;
}
