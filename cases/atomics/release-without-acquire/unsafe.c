/* atomics/release-without-acquire (unsafe): a sensor thread fills in a
 * measurement and raises a flag; a logger waits for the flag and copies the
 * measurement.
 *
 * The sensor does its half right: it stores the flag with
 * memory_order_release, which publishes everything it wrote before. The
 * logger loads the flag with memory_order_relaxed - "it only reads" - and a
 * relaxed load takes nothing from the release: it does not synchronise with
 * it, so seeing `ready == 1` orders nothing after it: the compiler or an
 * ARM core may read `latest` before the flag. The write and the read of
 * `latest` stay unordered - a data race, which TSan reports on every run,
 * although the logger never copies before the flag is up. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

struct measurement {
    long sensor;
    long millicelsius;
};

static struct measurement latest; /* the payload */
static atomic_int ready;          /* 1 once `latest` is filled in */
static struct measurement logged; /* what the logger copied */

static void *sensor(void *arg)
{
    (void)arg;
    latest = (struct measurement){ 3, 21500 }; // RACE
    atomic_store_explicit(&ready, 1, memory_order_release);
    return NULL;
}

static void *logger(void *arg)
{
    (void)arg;
    while (atomic_load_explicit(&ready, memory_order_relaxed) == 0)
        ; /* wait for the sensor */
    logged = latest; // RACE
    return NULL;
}

int main(void)
{
    pthread_t s, l;
    pthread_create(&s, NULL, sensor, NULL);
    pthread_create(&l, NULL, logger, NULL);
    pthread_join(s, NULL);
    pthread_join(l, NULL);
    printf("sensor %ld: %ld.%03ld C\n", logged.sensor, logged.millicelsius / 1000, logged.millicelsius % 1000);
    return 0;
}
