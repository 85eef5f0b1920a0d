/* publication/refcount (unsafe): two threads share one heap object and each
 * drops its reference when done; whoever drops the last one frees it.
 *
 * `--m->refs` is a plain load, subtract and store, so two threads that drop
 * at the same time can both read 2 and both store 1 (nobody frees: a leak);
 * written as `m->refs--; if (m->refs == 0)` both can see 0 (a double free).
 * Even in an order where the count comes out right, nothing orders thread
 * 0's last use of the object before thread 1's free(). The ordering barrier
 * makes thread 0 drop its reference first and thread 1 second, in real
 * time, telling TSan nothing: the count and the free race all the same. */
#include "racekit.h"

struct message {
    long refs;   /* owners still using the message */
    long value;  /* the payload */
};

static long got[2]; /* what each thread read, checked by main */
static racekit_order order;

static void release(struct message *m)
{
    if (--m->refs == 0) // RACE
        free(m); // RACE
}

static void use_and_release(int index, void *shared)
{
    struct message *m = shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    got[index] = m->value; // RACE
    release(m);
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    struct message *m = malloc(sizeof *m);
    if (m == NULL)
        return 1;
    m->refs = 2; /* one reference per thread */
    m->value = 7;
    racekit_order_init(&order, 2);
    racekit_run(2, use_and_release, m);
    RACEKIT_CHECK(got[0] == 7 && got[1] == 7, "threads read %ld and %ld, expected 7", got[0], got[1]);
    printf("both threads read %ld\n", got[0]);
    return 0;
}
