/* structures/hand-over-hand (safe): a sorted list with one lock per node
 * (hand-over-hand locking), walked the way the technique says.
 *
 * locate() locks the next node before it unlocks the one it stands on, so
 * at every moment of the walk it holds a node that points to where it is
 * going. To unlink node 2, delete() must hold node 1 and then node 2:
 * while thread 0 holds node 1 it cannot start, and once thread 0 holds
 * node 2 it waits for it, so thread 0's insert after node 2 lands in the
 * list and the delete then unlinks 2 and keeps 3: the list is 1 3 4. */
#include "racekit.h"

struct node {
    int value;
    struct node *next;
    pthread_mutex_t lock;
};

/* head is a sentinel (it holds no value); the list starts as 1 -> 2 -> 4.
 * Nodes come from a static pool, so a removed node stays readable memory:
 * the bug shown here is the lost insert, not a use after free. */
static struct node pool[4] = {
    { 1, &pool[1], PTHREAD_MUTEX_INITIALIZER },
    { 2, &pool[2], PTHREAD_MUTEX_INITIALIZER },
    { 4, NULL, PTHREAD_MUTEX_INITIALIZER },
    { 3, NULL, PTHREAD_MUTEX_INITIALIZER }, /* inserted by thread 0 */
};
static struct node head = { 0, &pool[0], PTHREAD_MUTEX_INITIALIZER };

/* locate - walk to where `value` belongs: returns the last node whose
 * value is smaller (`head` if none), locked; the caller unlocks it. A
 * node's value never changes, so peeking at the next one's needs only the
 * lock of the node that points to it. */
static struct node *locate(int value)
{
    struct node *prev = &head;
    pthread_mutex_lock(&prev->lock);
    while (prev->next != NULL && prev->next->value < value) {
        struct node *next = prev->next;
        pthread_mutex_lock(&next->lock);   /* take the next node... */
        pthread_mutex_unlock(&prev->lock); /* ...then let go of this one */
        prev = next;
    }
    return prev;
}

static void insert(struct node *n)
{
    struct node *prev = locate(n->value);
    n->next = prev->next;
    prev->next = n;
    pthread_mutex_unlock(&prev->lock);
}

/* delete - unlink the node holding `value`, if there is one. It takes that
 * node's lock too, so nobody is standing on it when it leaves the list. */
static void delete(int value)
{
    struct node *prev = locate(value);
    struct node *victim = prev->next;
    if (victim != NULL && victim->value == value) {
        pthread_mutex_lock(&victim->lock);
        prev->next = victim->next;
        pthread_mutex_unlock(&victim->lock);
    }
    pthread_mutex_unlock(&prev->lock);
}

static void *inserter(void *arg)
{
    (void)arg;
    insert(&pool[3]);
    return NULL;
}

static void *deleter(void *arg)
{
    (void)arg;
    delete(2);
    return NULL;
}

int main(void)
{
    pthread_t t0, t1;
    pthread_create(&t0, NULL, inserter, NULL);
    pthread_create(&t1, NULL, deleter, NULL);
    pthread_join(t0, NULL);
    pthread_join(t1, NULL);
    char list[64] = "";
    int len = 0;
    for (struct node *n = head.next; n != NULL; n = n->next)
        len += snprintf(list + len, sizeof list - (size_t)len, " %d", n->value);
    printf("list:%s\n", list);
    RACEKIT_CHECK(strcmp(list, " 1 3 4") == 0, "the list is%s, expected 1 3 4", list);
    return 0;
}
