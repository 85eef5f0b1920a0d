/* publication/config-swap (unsafe): a reader uses the current configuration
 * while a writer swaps in a new one and frees the old one.
 *
 * The reader copies the pointer `current`, then uses the configuration it
 * points to. Nothing stops the writer from replacing `current` and freeing
 * the old block in between, so the reader dereferences freed memory. The
 * ordering barrier forces exactly that order on every run: the reader takes
 * the pointer, the writer swaps and frees, then the reader uses it. TSan
 * sees the unsynchronised pointer swap (a data race) and the read of the
 * freed block (a heap-use-after-free). */
#include "racekit.h"

struct config {
    long timeout_ms;
    long retries;
};

static struct config *current; /* the configuration in force */
static long used;              /* what the reader computed */
static racekit_order order;

static struct config *make_config(long timeout_ms, long retries)
{
    struct config *c = malloc(sizeof *c);
    if (c == NULL)
        abort();
    c->timeout_ms = timeout_ms;
    c->retries = retries;
    return c;
}

static void reader(void)
{
    struct config *c = current; // RACE
    racekit_order_wait(&order); /* the writer swaps the config now */
    racekit_order_wait(&order);
    used = c->timeout_ms; // RACE
}

static void writer(void)
{
    struct config *fresh = make_config(250, 5);
    racekit_order_wait(&order); /* the reader holds the old pointer */
    struct config *old = current;
    current = fresh; // RACE
    free(old); // RACE
    racekit_order_wait(&order);
}

static void run(int index, void *shared)
{
    (void)shared;
    if (index == 0)
        reader();
    else
        writer();
}

int main(void)
{
    current = make_config(100, 3);
    racekit_order_init(&order, 2);
    racekit_run(2, run, NULL);
    printf("reader used a timeout of %ld ms\n", used);
    free(current);
    return 0;
}
