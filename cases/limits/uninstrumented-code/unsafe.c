/* limits/uninstrumented-code (unsafe): a race inside code TSan cannot see.
 *
 * add_deposit() stands for a function from a library that was built without
 * -fsanitize=thread (a prebuilt .a, a system library, hand-written assembly).
 * Its loads and stores reach memory without telling TSan, so TSan never learns
 * that two threads read and write `balance` with no lock: it prints nothing,
 * while the read-add-write loses one of the two deposits on every run. The
 * ordering barrier makes both threads read the balance before either writes. */
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
static racekit_order order;

NOT_INSTRUMENTED static void add_deposit(long amount)
{
    long seen = balance;        /* racy read: TSan is not told */
    racekit_order_wait(&order); /* both threads have read the balance */
    balance = seen + amount;    /* racy write: TSan is not told */
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
