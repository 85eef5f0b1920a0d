/* exercise_classroom.h - racekit exercise --classroom: the exercise made,
 * then its assignment repository's autograding files written by racekit
 * grade --classroom (grade/ knows an exercise's tests and points; teach/
 * is below it, so it runs this very program). Not a door: only
 * cmd_exercise.c includes it. */
#ifndef RK_EXERCISE_CLASSROOM_H
#define RK_EXERCISE_CLASSROOM_H

#include "util/options.h"

/* The row of racekit exercise's options table. */
#define RK_EXERCISE_CLASSROOM_OPTION                                                                                 \
    {                                                                                                                \
        "--classroom", NULL, NULL,                                                                                   \
            "also write <dir>/.github/workflows/classroom.yml (GitHub Classroom's autograding, a step per test "     \
            "with its points) and <dir>/.gitlab-ci.yml, as racekit grade --classroom <dir> does: <dir> is then the " \
            "assignment's repository", 0                                                                             \
    }

/* exercise_parse - racekit exercise's command line: its two operands into
 * args[0..1], *classroom set by --classroom. RK_OPTS_GO_ON or the exit
 * status. */
int exercise_parse(const rk_command *cmd, int argc, char **argv, const char **args, int *classroom);

/* exercise_classroom - run `racekit grade --classroom dir` (its lines
 * printed as it prints them); its exit status. */
int exercise_classroom(const char *dir);

#endif
