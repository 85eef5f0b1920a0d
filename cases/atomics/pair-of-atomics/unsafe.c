/* atomics/pair-of-atomics (unsafe): a shop quotes a price as an amount and
 * a currency; one thread changes the quote while another reads it.
 *
 * The amount and the currency are each an atomic, so neither is ever read
 * half-written and there is no data race. But the quote is the pair: the
 * writer stores the new amount, then the new currency, and a reader that
 * loads between the two stores gets 108.00 in euros - a price nobody ever
 * set. One atomic makes one variable indivisible; it says nothing about two.
 * No ordering barrier here: racekit's scheduler finds the interleaving, and
 * TSan, which sees only atomic accesses, stays silent. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum currency { EUR, USD };

static atomic_long amount = 10000;   /* in cents... */
static atomic_int currency = EUR;    /* ...of this currency */
static long seen_amount;
static int seen_currency;

static void *repricer(void *arg)
{
    (void)arg;
    atomic_store(&amount, 10800); /* 100.00 EUR becomes 108.00 USD */
    atomic_store(&currency, USD);
    return NULL;
}

static void *customer(void *arg)
{
    (void)arg;
    seen_amount = atomic_load(&amount);
    seen_currency = atomic_load(&currency);
    return NULL;
}

int main(void)
{
    pthread_t writer, reader;
    pthread_create(&writer, NULL, repricer, NULL);
    pthread_create(&reader, NULL, customer, NULL);
    pthread_join(writer, NULL);
    pthread_join(reader, NULL);
    printf("the customer saw %ld.%02ld %s\n", seen_amount / 100, seen_amount % 100,
           seen_currency == EUR ? "EUR" : "USD");
    assert((seen_amount == 10000 && seen_currency == EUR) || (seen_amount == 10800 && seen_currency == USD));
    return 0;
}
