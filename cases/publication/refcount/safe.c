/* publication/refcount (safe): two threads share one heap object and each
 * drops its reference when done; whoever drops the last one frees it.
 *
 * atomic_fetch_sub makes the decrement one indivisible step, so exactly one
 * thread sees the count go from 1 to 0. memory_order_acq_rel makes it order
 * the object's lifetime too: the release half publishes each thread's last
 * use of the object with its decrement, and the acquire half lets the thread
 * that reaches 0 see all those uses before it calls free(). */
#include "racekit.h"

struct message {
    atomic_long refs; /* owners still using the message */
    long value;       /* the payload */
};

static long got[2]; /* what each thread read, checked by main */
static racekit_order order;

static void release(struct message *m)
{
    if (atomic_fetch_sub_explicit(&m->refs, 1, memory_order_acq_rel) == 1)
        free(m);
}

static void use_and_release(int index, void *shared)
{
    struct message *m = shared;
    if (index == 1)
        racekit_order_wait(&order); /* thread 1 goes second */
    got[index] = m->value;
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
