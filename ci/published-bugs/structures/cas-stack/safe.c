/* structures/cas-stack (safe): a lock-free (Treiber) stack of three nodes,
 * popped and pushed with compare-and-swap.
 *
 * `top` holds the top node's index and, above it, a count of the changes
 * made to `top`. When another thread pops A and B and pushes A back between
 * this pop's reads and its CAS, the index is A again but the count is not:
 * the CAS fails and pop() starts over. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define NODES 3
#define NIL 255u

static _Atomic unsigned next[NODES]; /* the links between nodes */
static _Atomic unsigned top;         /* changes << 8 | the index of the top node */

static unsigned pop(void)
{
    unsigned old = atomic_load(&top), link;
    do {
        if ((old & 0xff) == NIL)
            return NIL;
        link = ((old >> 8) + 1) << 8 | atomic_load(&next[old & 0xff]);
    } while (!atomic_compare_exchange_strong(&top, &old, link));
    return old & 0xff;
}

static void push(unsigned n)
{
    unsigned old = atomic_load(&top);
    do
        atomic_store(&next[n], old & 0xff);
    while (!atomic_compare_exchange_strong(&top, &old, ((old >> 8) + 1) << 8 | n));
}

static unsigned kept[2];

static void *one_pop(void *arg) { (void)arg; kept[0] = pop(); return NULL; }

static void *pop_pop_push(void *arg)
{
    (void)arg;
    unsigned first = pop();
    kept[1] = pop();
    push(first);
    return NULL;
}

int main(void)
{
    for (unsigned i = 0; i < NODES; i++) /* top -> 0 -> 1 -> 2 */
        atomic_store(&next[i], i + 1 < NODES ? i + 1 : NIL);
    atomic_store(&top, 0);
    pthread_t a, b;
    pthread_create(&a, NULL, one_pop, NULL);
    pthread_create(&b, NULL, pop_pop_push, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    int owners[NODES] = { 0 }; /* each node is kept by one thread or on the stack */
    for (unsigned n = atomic_load(&top) & 0xff; n != NIL; n = atomic_load(&next[n])) {
        assert(owners[n] == 0); /* no cycle */
        owners[n]++;
    }
    for (int i = 0; i < 2; i++)
        if (kept[i] != NIL)
            owners[kept[i]]++;
    for (int i = 0; i < NODES; i++)
        assert(owners[i] == 1);
    printf("no node lost or shared\n");
    return 0;
}
