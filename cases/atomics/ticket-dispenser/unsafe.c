/* atomics/ticket-dispenser (unsafe): two counters at a bakery hand out
 * numbered tickets from one shared dispenser.
 *
 * `next_ticket` is an atomic_long, and take_ticket() reads it with
 * atomic_load and writes the next number back with atomic_store. Each call
 * is atomic, so there is no data race and TSan has nothing to say; but the
 * read and the write are two steps, and another thread can take the same
 * number in between. Two customers then hold one ticket number. No ordering
 * barrier here: racekit's scheduler finds the interleaving. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum { CUSTOMERS = 2 };

static atomic_long next_ticket = 1;
static long ticket[CUSTOMERS];

/* take_ticket - the number for the next customer; every call must get a
 * different one. */
static long take_ticket(void)
{
    long mine = atomic_load(&next_ticket);
    atomic_store(&next_ticket, mine + 1);
    return mine;
}

static void *counter(void *arg)
{
    long index = (long)arg;
    ticket[index] = take_ticket();
    return NULL;
}

int main(void)
{
    pthread_t threads[CUSTOMERS];
    for (long i = 0; i < CUSTOMERS; i++)
        pthread_create(&threads[i], NULL, counter, (void *)i);
    for (int i = 0; i < CUSTOMERS; i++)
        pthread_join(threads[i], NULL);
    printf("tickets %ld and %ld, next %ld\n", ticket[0], ticket[1], atomic_load(&next_ticket));
    assert(ticket[0] != ticket[1]);
    return 0;
}
