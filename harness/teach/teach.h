/* teach/teach.h - the door of harness/teach/: what the other stages
 * include. It takes cases and gives the student's and teacher's
 * tools: `racekit new`, `lint`, `explain`, `exercise`, and the course's
 * order with each lesson's status, `racekit lessons` (course.h). */
#ifndef RK_TEACH_H
#define RK_TEACH_H

#include "explain_explore.h"
#include "lint.h"
#include "util/options.h"

/* The command lines of new, lint, explain, exercise and lessons
 * (options.h), for racekit's help and their own --help. */
extern const rk_command rk_new_command, rk_lint_command, rk_explain_command, rk_exercise_command,
    rk_lessons_command;

/* racekit new <topic>/<name> [--expect KIND] [--cases-root DIR]: start a
 * case folder from a skeleton. */
int rk_cmd_new(int argc, char **argv);

/* racekit lint [--runs N | --no-run] [--reuse-results] [--jobs N]
 * [<case-dir>...]: is each
 * case (every case when none is given) ready to ship? Exit 1 when a finding
 * is an error. */
int rk_cmd_lint(int argc, char **argv);

/* racekit explain [--detector NAME] <topic>/<name>: the lesson, the diff
 * between the variants and the last result of each, reports as source lines. */
int rk_cmd_explain(int argc, char **argv);

/* racekit exercise <topic>/<name> <dir>: copy a case without its fix for a
 * student to repair; `racekit check <dir> safe` grades the repair. */
int rk_cmd_exercise(int argc, char **argv);

/* racekit lessons [--week N] [--detector NAME] [--cases-root DIR]
 * [--markdown]: the course (<cases-root>/COURSE) in order, each lesson
 * with the status of its variants on this machine. */
int rk_cmd_lessons(int argc, char **argv);

#endif
