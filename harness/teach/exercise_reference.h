/* exercise_reference.h - what a case's reference solution can print, for
 * `racekit exercise` (exercise_reference.c). */
#ifndef RK_EXERCISE_REFERENCE_H
#define RK_EXERCISE_REFERENCE_H

#include "case/case.h"
#include "judge/exercise.h"

/* rk_reference_outputs - check the reference safe.c of case `c` three
 * times with ThreadSanitizer (`self` is this racekit, run as `racekit
 * check`, with the work probe) and run it under racekit's scheduler
 * (rk_explore_outputs); *set gets every output it can print, in byte
 * order: the scheduler's, plus any a ThreadSanitizer run printed that the
 * scheduler did not find (a note says so). Empty, with a note, when the
 * outputs cannot be known (more than 64, or the scheduler cannot run the
 * reference and the runs disagree). *no_work is set when its threads did
 * no work the probe saw. -1 (message printed) when the reference does not
 * pass its check or a schedule fails it. Free *set with
 * rk_exercise_outputs_free. */
int rk_reference_outputs(const rk_case *c, const char *self, rk_output_set *set, int *no_work);

#endif
