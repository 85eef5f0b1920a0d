/* grade/grade.h - the door of harness/grade/: `racekit grade <exercise>
 * <submissions>`, a class graded into a gradebook (docs/exercises.md,
 * "Grading a class"). It takes an exercise folder (racekit exercise) and a
 * folder of submissions, grades each one by `racekit check` in its own
 * scratch copy and child process, and gives the gradebook: CSV, JSON, one
 * HTML page and a Markdown feedback file per student. It stands on
 * report/ (escaping for each format), teach/ and, through them, judge/
 * (an exercise's rules, one by one) and results/. */
#ifndef RK_GRADE_H
#define RK_GRADE_H

#include "util/options.h"

extern const rk_command rk_grade_command;

/* racekit grade [-j N] [--runs N] [--timeout S] [-o DIR] <exercise>
 * <submissions>: 0 when grading ran, whatever the grades; 2 on bad usage
 * or bad input (one line); 1 when the gradebook could not be written. */
int rk_cmd_grade(int argc, char **argv);

#endif
