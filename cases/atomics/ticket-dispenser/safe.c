/* atomics/ticket-dispenser (safe): two counters at a bakery hand out
 * numbered tickets from one shared dispenser.
 *
 * take_ticket() uses atomic_fetch_add: one read-modify-write that adds 1
 * and returns the number it replaced. No other thread can come between its
 * read and its write, so every call gets a number of its own. */
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
    return atomic_fetch_add(&next_ticket, 1);
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
