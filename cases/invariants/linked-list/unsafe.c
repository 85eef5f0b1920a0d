/* invariants/linked-list (unsafe): one thread inserts into a shared linked
 * list while another removes from it, with no lock.
 *
 * push() and pop() each read `head`, then write it back a few steps later.
 * If the two interleave, a node can be lost or removed twice, and the list
 * no longer holds what the threads put into it. The ordering barrier makes
 * thread 0 finish its push before thread 1 pops, in real time, while telling
 * TSan nothing: the pop reads `head` and the new node's fields with nothing
 * ordering those reads after the push's writes. */
#include "racekit.h"

struct node {
    int value;
    struct node *next;
};

/* The nodes come from a static pool: the list starts as 1 -> 2, node 3 is
 * free for the push. */
static struct node pool[3] = { { 1, &pool[1] }, { 2, NULL }, { 3, NULL } };
static struct node *head = &pool[0];
static int popped;
static racekit_order order;

static void push(struct node *n, int value)
{
    n->value = value; // RACE
    n->next = head; // RACE
    head = n; // RACE
}

static int pop(void)
{
    struct node *n = head; // RACE
    int value = -1;
    if (n != NULL) {
        head = n->next; // RACE
        value = n->value; // RACE
    }
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
