/* course.h - the course: <cases-root>/COURSE, the order in which a student
 * takes the lessons, week by week (docs/course.md is written from it and
 * `racekit lessons` prints it with each lesson's status). The format, one
 * item a line ('#' starts a comment line, blank lines are skipped):
 *
 *     week 1: Threads, and the data race
 *     chapter: OSTEP 26 (Concurrency: an introduction); CS:APP 12.3
 *     about: One paragraph: what the week teaches (optional).
 *     exercise: basics/counter
 *     step: check-then-act/withdraw unsafe
 *     choices: 1,2,2,2,2
 *     concepts/hello-threads
 *     basics/counter
 *
 * Weeks are numbered 1, 2, ... in order, each with a title, its chapter,
 * the lesson handed out with `racekit exercise`, the variant played with
 * `racekit step` (and optionally the answers, `--choices`, that show its
 * bug), and at least one lesson. Every other line is a lesson id,
 * `topic/name`; a lesson comes once in the whole course, and the exercise
 * and the step are lessons of their own week. */
#ifndef RK_COURSE_H
#define RK_COURSE_H

#include "util/util.h"

#include <stddef.h>

enum { RK_COURSE_MAX_BYTES = 1 << 20 };

typedef struct {
    int number;          /* 1, 2, ... */
    int line;            /* of its "week N:" line */
    char *title;
    char *chapter;
    char *about;         /* NULL when absent */
    char *exercise;      /* topic/name */
    char *step_case;     /* topic/name */
    char *step_variant;  /* "unsafe" or "safe" */
    char *choices;       /* "1,2,2" or NULL */
    rk_strlist lessons;  /* topic/name, in the course's order */
    int *lesson_lines;   /* the line of each */
} rk_week;

typedef struct {
    char *path;          /* the COURSE file, for messages */
    rk_week *weeks;
    int n_weeks;
    int n_lessons;       /* over every week */
} rk_course;

/* rk_course_parse - read the course in `text` (`len` bytes) from `path`
 * (used in messages only). Returns 0 and fills *c (free with
 * rk_course_free), or -1 with one line "<path>:<line>: <problem>" in err
 * and *c left empty. Does not look at the cases. */
int rk_course_parse(const char *path, const char *text, size_t len, rk_course *c, char *err, size_t errlen);

/* rk_course_load - <cases_root>/COURSE read and parsed, then every lesson
 * checked to be a case folder under cases_root (unsafe.c, safe.c,
 * README.md). Returns 0, or -1 with one line in err ("<path>:<line>:
 * lesson topic/name: <problem>" for a lesson that is not there). */
int rk_course_load(const char *cases_root, rk_course *c, char *err, size_t errlen);

/* rk_course_week_of - the week (1-based) whose lessons hold `id`, or 0. */
int rk_course_week_of(const rk_course *c, const char *id);

void rk_course_free(rk_course *c);

#endif
