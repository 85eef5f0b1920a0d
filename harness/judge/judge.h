/* judge/judge.h - the door of harness/judge/: what the other stages
 * include. It takes one run and its reports and gives the outcome,
 * the verdict against the case's `expect` and the reasons, the `// RACE`
 * line matching, and an exercise's grading rules; check.h is the flow of one
 * judged run that `racekit check` drives. */
#ifndef RK_JUDGE_H
#define RK_JUDGE_H

#include "check.h"
#include "classify.h"
#include "exercise.h"
#include "markers.h"

#endif
