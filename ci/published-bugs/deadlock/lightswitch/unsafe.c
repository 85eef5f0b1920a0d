/* deadlock/lightswitch (unsafe): two classes of users share a room; users
 * of one class may be in it together, never with the other class.
 *
 * Each class counts its users in the room: the first one in takes the room
 * (a semaphore), the last one out gives it back. Both classes count under
 * the same mutex, so a first user of class B who waits for the room holds
 * that mutex, and the class A user inside cannot get it to leave. */
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>

struct lightswitch { pthread_mutex_t *lock; int inside; };

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static struct lightswitch class_a = { &count_lock, 0 };
static struct lightswitch class_b = { &count_lock, 0 };
static sem_t room;
static atomic_int visits;

static void *user(void *arg)
{
    struct lightswitch *ls = arg;
    pthread_mutex_lock(ls->lock);
    if (++ls->inside == 1)
        sem_wait(&room); /* the first of the class takes the room */
    pthread_mutex_unlock(ls->lock);
    atomic_fetch_add(&visits, 1); /* use the room */
    pthread_mutex_lock(ls->lock);
    if (--ls->inside == 0)
        sem_post(&room); /* the last one out gives it back */
    pthread_mutex_unlock(ls->lock);
    return NULL;
}

int main(void)
{
    struct lightswitch *classes[4] = { &class_a, &class_b, &class_a, &class_b };
    pthread_t t[4];
    sem_init(&room, 0, 1);
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, user, classes[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("%d visits\n", atomic_load(&visits));
    sem_destroy(&room);
    return 0;
}
