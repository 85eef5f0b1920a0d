/* check_judges.c - one verdict from two judges: the runs of `racekit
 * check` and racekit's scheduler, for a case whose bug shows only under
 * some schedules (docs/outcomes.md, "Two judges"). */
#include "check_judges.h"

#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* The scheduler's part of a reason, with its seed and budget. */
static char *sched_words(const rk_xverdict *v)
{
    return rk_xasprintf("racekit's scheduler (seed %llu, %llu schedules): %s", (unsigned long long)v->seed,
                        (unsigned long long)v->schedules, v->reason);
}

void check_judges_combine(const struct check *k, int check_pass, const char *check_reason, check_judgement *j)
{
    const rk_xverdict *v = k->sched;
    memset(j, 0, sizeof *j);
    j->pass = check_pass;
    j->judged_by = "check";
    if (v == NULL) {
        j->reason = rk_xstrdup(check_reason);
        return;
    }
    char *sched = sched_words(v);
    int safe = strcmp(k->opt.variant, "safe") == 0;
    if (!v->judged) { /* the runs alone judge, as without the scheduler */
        j->reason = rk_xasprintf("%s; %s", check_reason, sched);
    } else if (safe) {
        j->pass = check_pass && v->pass;
        j->judged_by = "check and scheduler";
        j->reason = check_pass && !v->pass ? rk_xasprintf("%s (the run was clean: %s)", sched, check_reason)
                                           : rk_xasprintf("%s; %s", check_reason, sched);
    } else if (v->pass) { /* the scheduler found the bug: that alone decides, on every run */
        j->pass = 1;
        j->judged_by = check_pass ? "check and scheduler" : "scheduler";
        j->reason = check_pass ? rk_xasprintf("%s; %s", check_reason, sched)
                               : rk_xasprintf("%s (the run did not show it: %s)", sched, check_reason);
    } else {
        /* A pass by the run alone rests on that run's schedule: it stands,
         * but the next run may not repeat it, so it is not kept. */
        j->pass = check_pass;
        j->luck = check_pass;
        j->reason = check_pass ? rk_xasprintf("%s; but %s: this pass rests on one run's schedule", check_reason,
                                              sched)
                               : rk_xasprintf("%s; %s", check_reason, sched);
    }
    free(sched);
}
