/* expect.c - the vocabulary of `expect` (see expect.h). */
#define _POSIX_C_SOURCE 200809L
#include "expect.h"

#include <string.h>

const char *const rk_report_kind_names[] = {
    "data-race", "heap-use-after-free", "thread-leak", "lock-order-inversion",
    "locked-mutex-destroy", "mutex-double-lock", "mutex-bad-unlock",
    "mutex-bad-read-lock", "mutex-bad-read-unlock", "mutex-invalid-access",
    "signal-unsafe-call", "errno-in-signal-handler", NULL,
};

static const char *const outcome_items[] = { "invariant", "hang", "missed", "unsupported", NULL };

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}

int rk_is_report_kind(const char *s) { return in_list(rk_report_kind_names, s); }

int rk_is_expect_item(const char *s) { return rk_is_report_kind(s) || in_list(outcome_items, s); }

int rk_is_race_kind(const char *s)
{
    return strcmp(s, "data-race") == 0 || strcmp(s, "heap-use-after-free") == 0;
}

const char *rk_expect_items_help(void)
{
    return "data-race, heap-use-after-free, thread-leak, lock-order-inversion, "
           "locked-mutex-destroy, mutex-double-lock, mutex-bad-unlock, "
           "mutex-bad-read-lock, mutex-bad-read-unlock, mutex-invalid-access, "
           "signal-unsafe-call, errno-in-signal-handler, invariant, hang, missed, unsupported";
}

int rk_expect_schedule_dependent(const rk_strlist *expect)
{
    return rk_sl_contains(expect, "invariant") || rk_sl_contains(expect, "hang") ||
           rk_sl_contains(expect, "lock-order-inversion");
}
