/* library/localtime (safe): two threads turn timestamps into dates with localtime_r.
 *
 * localtime_r() writes its result into a struct tm the caller provides -
 * here a local variable of each thread - instead of the library's one
 * static struct. Thread 1's conversion fills thread 1's struct and cannot
 * overwrite the date thread 0 is about to read. */
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
    struct tm mine; /* this thread's own result */
    struct tm *tm = localtime_r(&stamps[index], &mine);
    if (index == 0) {
        racekit_order_wait(&order); /* 1 */
        racekit_order_wait(&order); /* 2: thread 1 has converted its stamp */
    }
    snprintf(dates[index], sizeof dates[index], "%04d-%02d-%02d",
             tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday);
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
