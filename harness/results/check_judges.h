/* check_judges.h - the verdict of `racekit check` when racekit's scheduler
 * judges with it (check_judges.c). Internal to results/. */
#ifndef RK_CHECK_JUDGES_H
#define RK_CHECK_JUDGES_H

#include "explore/explore.h"
#include "judge/judge.h"

typedef struct {
    int pass;
    int luck;              /* a pass the scheduler could not confirm: not kept by the test cache */
    const char *judged_by; /* "check", "scheduler" or "check and scheduler" */
    char *reason;          /* owned */
} check_judgement;

/* check_judges_combine - the verdict of k's variant from its runs
 * (`check_pass`, `check_reason`) and k->sched (NULL: the runs alone).
 * unsafe passes when either judge showed the expected bug; safe passes
 * when the runs were clean and the scheduler found no failing schedule. A
 * scheduler that could not judge leaves the runs' verdict. Free j->reason. */
void check_judges_combine(const struct check *k, int check_pass, const char *check_reason, check_judgement *j);

#endif
