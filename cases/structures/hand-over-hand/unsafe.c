/* structures/hand-over-hand (unsafe): a sorted list with one lock per node
 * (hand-over-hand locking), where the walk lets go of a node before it has
 * the next one.
 *
 * Hand-over-hand locking (lock coupling) walks the list without ever
 * holding no lock: it locks the next node, and only then unlocks the one it
 * stands on, so nobody can unlink the node it is about to step onto.
 * locate() here does the two steps the other way round. In the gap, thread
 * 1 removes node 2 while thread 0 is on its way to it; thread 0 then links
 * 3 after node 2, which is no longer in the list, and 3 is lost. Every
 * access is made with the right lock held, so TSan is silent; the list
 * check in main fails under the schedules racekit's scheduler finds. */
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
        pthread_mutex_unlock(&prev->lock); /* let go of this node... */
        pthread_mutex_lock(&next->lock);   /* ...then take the next one */
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
