/* exercise.h - exercise folders: a case handed to a student without its fix
 * (docs/exercises.md). `racekit exercise <topic>/<name> <dir>` writes:
 *
 *     <dir>/exercise.txt         what this is and how it is graded (marks the folder)
 *     <dir>/safe.c               the case's unsafe.c: the student repairs this file
 *     <dir>/unsafe.c             the case's unsafe.c, unchanged
 *     <dir>/README.md            front matter and lesson, without "## The fix"
 *     <dir>/expected-stdout.txt  what the reference safe.c prints, when it
 *                                can print one output only; or
 *     <dir>/expected-stdout/N.txt every output it can print (1.txt, 2.txt...
 *                                in byte order), as the scheduler and
 *                                ThreadSanitizer's runs found them
 *
 * `racekit check <dir> safe` then grades the student's safe.c: on top of the
 * usual verdict (clean: no report, exit 0, the program's own checks pass),
 * every RACEKIT_CHECK of unsafe.c must still be in safe.c, safe.c must
 * start threads (racekit_run, pthread_create) in at least as many places,
 * and the output must be one the reference can print, so deleting the threads or
 * the checks is not a repair; nor are threads that do nothing (the hook's
 * work probe counts what they do); nor is telling the detector not to look
 * (a word of its interface or an attribute that safe.c gained). */
#ifndef RK_EXERCISE_H
#define RK_EXERCISE_H

#include "sandbox/sandbox.h"
#include "util/util.h"
#include "run/run.h"

#include <stddef.h>

#define RK_EXERCISE_MARKER "exercise.txt"
#define RK_EXERCISE_STDOUT "expected-stdout.txt"
#define RK_EXERCISE_STDOUT_DIR "expected-stdout"

/* The outputs a correct program can print (empty: output not judged). */
typedef struct {
    char **v;            /* owned */
    size_t *len;
    size_t n;
} rk_output_set;
/* The line of exercise.txt that turns rule 6 off: written when the
 * reference's own threads did no work the probe could see. */
#define RK_EXERCISE_NO_WORK_RULE \
    "Not judged here: whether the threads do the work (the reference's threads do theirs where the probe cannot see it)."

typedef struct {
    rk_output_set expected; /* what the reference can print; n == 0: not recorded */
    char *missing_check; /* the first RACEKIT_CHECK of unsafe.c not in safe.c, or NULL */
    int missing_line;    /* its line in unsafe.c */
    int thread_starts_want, thread_starts_have; /* calls that start threads:
                                                 * in unsafe.c, in safe.c */
    int judge_work;      /* rule 6 applies (exercise.txt does not turn it off) */
    char *control;       /* the first detector control of safe.c not in unsafe.c, or NULL */
    int control_line;    /* its line in safe.c */
} rk_exercise;

/* rk_exercise_root - when `case_arg` is an exercise folder (it holds
 * exercise.txt), the folder two levels up, which `racekit check` takes as
 * its cases root (results are named <parent>/<folder>); else NULL. Caller
 * frees. */
char *rk_exercise_root(const char *case_arg);

/* rk_exercise_open - read what grading needs from the exercise folder
 * `case_dir`: the expected output and the checks of unsafe.c missing from
 * safe.c. NULL when the folder is not an exercise. Free with
 * rk_exercise_close (NULL is fine). */
rk_exercise *rk_exercise_open(const char *case_dir);

/* The first words of exercise.txt, before the case the exercise was made
 * from ("This folder is an exercise made from the racekit case
 * check-then-act/withdraw."). */
#define RK_EXERCISE_ORIGIN "This folder is an exercise made from the racekit case "

/* rk_exercise_origin - the id of the case the exercise folder `case_dir`
 * was made from, as exercise.txt names it, or NULL when it is not an
 * exercise or names none. The scheduler seeds an exercise's schedules
 * from it, so every copy of the exercise (each student's, the grader's)
 * gets the same ones. Caller frees. */
char *rk_exercise_origin(const char *case_dir);

/* rk_exercise_is - 1 when `case_dir` is an exercise folder (holds exercise.txt). */
int rk_exercise_is(const char *case_dir);

/* rk_exercise_grade - a run of the student's safe.c that passed the usual
 * verdict (*pass == 1) fails when it gained a detector control, a check was
 * removed, it starts fewer threads, the threads it starts did no work
 * (`work`, measured by the hook's probe; NULL or unmeasured: not judged) or
 * the output differs from the reference; *reason (owned, replaced) says
 * which, in a sentence a student understands. Does nothing when *pass is 0
 * or ex is NULL. */
void rk_exercise_grade(const rk_exercise *ex, const rk_run *run, const rk_work *work, int *pass,
                       char **reason);

/* The grading rules of docs/exercises.md beyond the usual verdict, in the
 * order rk_exercise_grade judges them (rules 5, 2, 3, 6 and 4 there). */
typedef enum {
    RK_RULE_DETECTOR,   /* safe.c gained no word that speaks to the detector */
    RK_RULE_CHECKS,     /* every RACEKIT_CHECK of unsafe.c is still in safe.c */
    RK_RULE_CONCURRENT, /* safe.c starts threads in as many places */
    RK_RULE_WORK,       /* the threads it starts do work the probe sees */
    RK_RULE_OUTPUT,     /* the output is one the reference can print (expected-stdout) */
    RK_RULE_COUNT
} rk_exercise_rule;

/* rk_exercise_rule_name - the rule's name in a gradebook: "detector",
 * "checks-kept", "concurrent", "thread-work", "output". */
const char *rk_exercise_rule_name(rk_exercise_rule rule);

/* rk_exercise_rule_applies - 0 when the exercise does not judge `rule`
 * (output: no expected output recorded; thread-work: exercise.txt turns it
 * off), else 1. */
int rk_exercise_rule_applies(const rk_exercise *ex, rk_exercise_rule rule);

/* rk_exercise_judge_rule - whether one run of the student's safe.c keeps
 * `rule`: `out` is the first `len` bytes of what it printed, of `total`
 * written; `work` the probe's counts (NULL or unmeasured: thread-work is
 * not judged). 1 when it holds or does not apply; 0 with *why (owned) the
 * sentence rk_exercise_grade would give. rk_exercise_grade is this rule
 * after rule, so a gradebook can show each verdict (grade/). */
int rk_exercise_judge_rule(const rk_exercise *ex, rk_exercise_rule rule, const char *out, size_t len,
                           size_t total, const rk_work *work, char **why);

/* rk_exercise_controls - every word of `text` outside comments (string
 * contents included) by which a program speaks to ThreadSanitizer:
 * __tsan_* and __sanitizer_* names, Annotate* annotations, no_sanitize,
 * no_sanitize_thread, disable_sanitizer_instrumentation,
 * __SANITIZE_THREAD__, thread_sanitizer (__has_feature), TSAN_OPTIONS; each
 * into `out`, its line into *lines when `lines` is not NULL (the caller
 * frees that array). */
void rk_exercise_controls(const char *text, rk_strlist *out, int **lines);

/* rk_exercise_calls - every call `name(...)` in the C `text` (outside
 * comments and strings), white space removed, e.g. "RACEKIT_CHECK(n==2,"
 * "\"n is %d\",n)", into `out`; each one's line into *lines when `lines` is
 * not NULL (the caller frees that array). For comparing two variants. */
void rk_exercise_calls(const char *text, const char *name, rk_strlist *out, int **lines);

void rk_exercise_close(rk_exercise *ex);

/* rk_exercise_tu_controls - rk_exercise_controls over `variant`.c of the
 * exercise folder `case_dir` as the compiler reads it (`cc -E` with the
 * case's flags, exercise_tu.c), only the lines of the program's own files
 * (not the system's headers nor the kit's racekit.h): each word into
 * `out`, its line in <variant>.c into *lines (0: in a header it includes;
 * caller frees) when `lines` is not NULL. -1 when it does not preprocess. */
int rk_exercise_tu_controls(const char *case_dir, const char *variant, rk_strlist *out, int **lines);

/* ---- exercise_output.c: the outputs a repair may print ------------------ */

/* rk_exercise_output_file - the file, relative to the exercise folder, that
 * holds output i (from 0) of a set of n: expected-stdout.txt when n is 1,
 * else expected-stdout/<i+1>.txt. Caller frees. */
char *rk_exercise_output_file(size_t i, size_t n);

/* rk_exercise_outputs_load - the outputs recorded in the exercise folder
 * `case_dir` into *set (empty when it records none). */
void rk_exercise_outputs_load(const char *case_dir, rk_output_set *set);

/* rk_exercise_outputs_add - a copy of `len` bytes at `out` into *set. */
void rk_exercise_outputs_add(rk_output_set *set, const char *out, size_t len);

/* rk_exercise_outputs_has - 1 when *set holds exactly these bytes. */
int rk_exercise_outputs_has(const rk_output_set *set, const char *out, size_t len);

/* rk_exercise_outputs_match - 1 when the run's output (`out`, its first
 * `len` bytes of `total` written) is one of *set; else 0 with *why
 * (owned): where it parts from the nearest of them. */
int rk_exercise_outputs_match(const rk_output_set *set, const char *out, size_t len, size_t total, char **why);

void rk_exercise_outputs_free(rk_output_set *set);

#endif
