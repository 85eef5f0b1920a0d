/* order/token-ring (safe): three nodes pass a token around a ring; only
 * the node holding the token may update the shared `work` counter.
 *
 * A node waits for the token, does its work, and only then passes the
 * token on: one node works at a time, and the hand-over under ring_lock
 * orders each node's work after the previous one's. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

#define NODES 3
#define ROUNDS 2

static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t token_moved = PTHREAD_COND_INITIALIZER;
static int holder;  /* the node that has the token */
static int work;    /* guarded by the token */

static void *node(void *arg)
{
    int me = (int)(long)arg;
    for (int round = 0; round < ROUNDS; round++) {
        pthread_mutex_lock(&ring_lock);
        while (holder != me)
            pthread_cond_wait(&token_moved, &ring_lock);
        int w = work;
        work = w + 1;
        holder = (me + 1) % NODES;
        pthread_cond_broadcast(&token_moved);
        pthread_mutex_unlock(&ring_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t nodes[NODES];
    for (long i = 0; i < NODES; i++)
        pthread_create(&nodes[i], NULL, node, (void *)i);
    for (int i = 0; i < NODES; i++)
        pthread_join(nodes[i], NULL);
    printf("work = %d\n", work);
    assert(work == NODES * ROUNDS);
    return 0;
}
