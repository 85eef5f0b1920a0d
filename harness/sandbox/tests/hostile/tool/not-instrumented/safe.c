/* tool/not-instrumented: a race that TSan never sees. */
#include "racekit.h"

static long hits;

static void worker(int index, void *shared)
{
    (void)index, (void)shared;
    hits++; /* RACE */
}

int main(void)
{
    racekit_run(2, worker, NULL);
    return 0;
}
