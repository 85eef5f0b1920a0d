/* atomics/release-without-acquire (safe): a sensor thread fills in a
 * measurement and raises a flag; a logger waits for the flag and copies the
 * measurement.
 *
 * The logger loads the flag with memory_order_acquire. An acquire load
 * that reads the value of a release store synchronises with it: the
 * sensor's write of `latest` happens before the logger's copy, for TSan,
 * the compiler and the CPU. Both halves are needed; the release alone
 * published the measurement to nobody. */
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
    latest = (struct measurement){ 3, 21500 };
    atomic_store_explicit(&ready, 1, memory_order_release);
    return NULL;
}

static void *logger(void *arg)
{
    (void)arg;
    while (atomic_load_explicit(&ready, memory_order_acquire) == 0)
        ; /* wait for the sensor */
    logged = latest;
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
