/* atomics/pair-of-atomics (safe): a shop quotes a price as an amount and
 * a currency; one thread changes the quote while another reads it.
 *
 * The writer stores both halves of the quote, and the reader loads both,
 * holding one mutex: a reader now runs either before the change or after
 * it, never between its two stores. The atomics are kept as they were;
 * under the mutex plain variables would do as well. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum currency { EUR, USD };

static atomic_long amount = 10000;   /* in cents... */
static atomic_int currency = EUR;    /* ...of this currency */
static long seen_amount;
static int seen_currency;
static pthread_mutex_t quote_lock = PTHREAD_MUTEX_INITIALIZER; /* both halves */

static void *repricer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&quote_lock);
    atomic_store(&amount, 10800); /* 100.00 EUR becomes 108.00 USD */
    atomic_store(&currency, USD);
    pthread_mutex_unlock(&quote_lock);
    return NULL;
}

static void *customer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&quote_lock);
    seen_amount = atomic_load(&amount);
    seen_currency = atomic_load(&currency);
    pthread_mutex_unlock(&quote_lock);
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
