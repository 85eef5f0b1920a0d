/* limits/uninstrumented-code (safe): a race inside code TSan cannot see.
 *
 * add_deposit() stands for a function from a library that was built without
 * -fsanitize=thread. TSan still cannot see its loads and stores, so it cannot
 * vouch for this fix either: the mutex is what makes it right. It turns the
 * read-add-write into one critical section, so the second deposit reads the
 * balance the first one wrote. */
#include "racekit.h"

/* Compile one function without TSan's instrumentation: clang spells the
 * attribute no_sanitize("thread"), gcc no_sanitize_thread. noinline keeps it
 * a separate, uninstrumented function. */
#if defined(__clang__)
#define NOT_INSTRUMENTED __attribute__((no_sanitize("thread"), noinline))
#elif defined(__GNUC__)
#define NOT_INSTRUMENTED __attribute__((no_sanitize_thread, noinline))
#else
#define NOT_INSTRUMENTED
#endif

static long balance;
static pthread_mutex_t balance_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

NOT_INSTRUMENTED static void add_deposit(long amount)
{
    racekit_order_wait(&order); /* both threads arrive before either adds */
    pthread_mutex_lock(&balance_lock);
    long seen = balance;
    balance = seen + amount;
    pthread_mutex_unlock(&balance_lock);
}

static void deposit(int index, void *shared)
{
    (void)index;
    (void)shared;
    add_deposit(100);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, deposit, NULL);
    RACEKIT_CHECK(balance == 200, "balance is %ld, expected 200", balance);
    printf("balance = %ld\n", balance);
    return 0;
}
