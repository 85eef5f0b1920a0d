/* library/localtime (unsafe): two threads turn timestamps into dates with localtime.
 *
 * localtime() returns a pointer to ONE static struct tm inside the C library,
 * shared by every caller in every thread; each call overwrites it. Thread 0
 * converts its timestamp and keeps the pointer; thread 1 then converts its
 * own timestamp into the same struct; when thread 0 reads "its" date it
 * reads thread 1's. The ordering barrier forces that order on every run. */
#include "racekit.h"
#include <time.h>

static const time_t stamps[2] = { 946728000, 1719835200 }; /* noon UTC */
static const char *expected[2] = { "2000-01-01", "2024-07-01" };
static char dates[2][40];
static racekit_order order;

static void format_date(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* 1: thread 0 has converted its stamp */
    struct tm *tm = localtime(&stamps[index]); // RACE
    if (index == 0) {
        racekit_order_wait(&order); /* 1 */
        racekit_order_wait(&order); /* 2: thread 1 has converted its stamp */
    }
    snprintf(dates[index], sizeof dates[index], "%04d-%02d-%02d",
             tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday); // RACE
    if (index == 1)
        racekit_order_wait(&order); /* 2 */
}

int main(void)
{
    setenv("TZ", "UTC", 1); /* the same dates in every time zone */
    tzset();
    racekit_order_init(&order, 2);
    racekit_run(2, format_date, NULL);
    for (int t = 0; t < 2; t++)
        printf("thread %d: %s\n", t, dates[t]);
    for (int t = 0; t < 2; t++)
        RACEKIT_CHECK(strcmp(dates[t], expected[t]) == 0, "thread %d got %s, expected %s",
                      t, dates[t], expected[t]);
    return 0;
}
