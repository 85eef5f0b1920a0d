/* fixture limits/blind-spot (safe): `hits` is atomic. */
#include "racekit.h"

static atomic_long hits;

static void hit(int index, void *shared)
{
    (void)index;
    (void)shared;
    atomic_fetch_add(&hits, 1);
}

int main(void)
{
    racekit_run(2, hit, NULL);
    printf("hits = %ld\n", atomic_load(&hits));
    return 0;
}
