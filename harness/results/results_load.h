/* results_load.h - read the result files of many `racekit check` runs back
 * (DESIGN: result file): every <dir>/<detector>/<topic>/<name>/<variant>.json
 * under one or more results folders, checked field by field. A damaged file
 * becomes one error line and the others are still read. */
#ifndef RK_RESULTS_LOAD_H
#define RK_RESULTS_LOAD_H

#include "judge/judge.h"
#include "read/read.h"
#include "util/util.h"

#include <stddef.h>

/* One result file: the fields the report formats show. Every string is
 * owned by the row and never NULL unless noted. */
typedef struct {
    char *file;           /* the result file, as found (dir + relative path) */
    char *rel;            /* its path below the results folder */
    char *case_id;        /* "topic/name" */
    char *variant;        /* "unsafe" or "safe" */
    char *detector;
    char *compiler;       /* NULL when the check did not know it */
    char *title;          /* "" when absent */
    char *source;         /* the variant's source as written ("" when absent) */
    rk_strlist expect;
    rk_outcome outcome;
    rk_strlist kinds;
    char *verdict;        /* "pass", "fail" or "skip" */
    char *reason;
    int runs, runs_detected, runs_passed;
    double duration_s;    /* NAN when the file has null */
    rk_report_list reports; /* frame files are the "path" fields (else "file") */
    int line_match;       /* 1, 0, or -1 for null */
    int *race_lines;      /* the `// RACE` lines, ascending; owned */
    int n_race_lines;
    char *tsan_options;   /* "" when absent */
    char *out, *err;      /* the program's stdout and stderr ("" when absent) */
    size_t out_len, err_len; /* they may hold NUL bytes */
    char *build_log;      /* "" when absent */
    char *stacks;         /* thread stacks at a timeout, or NULL */
} rk_row;

/* One step of an explored schedule's timeline. */
typedef struct {
    int thread;           /* 0 is main */
    char *file;           /* base name: "unsafe.c", "racekit.h" */
    int line;
    char *op;             /* "read balance", "lock m", "wait cv" */
} rk_explore_step;

/* One `racekit explore` or `replay` result file
 * (<dir>/explore/<topic>/<name>/<variant>.json, docs/results.md). */
typedef struct {
    char *file;
    char *case_id;
    char *variant;
    char *mode;           /* "explore" or "replay" */
    int pass;
    int skip;             /* not judged (explore exited 77): counts as neither */
    char *reason;
    int found;            /* a failing schedule was found */
    char *outcome;        /* "invariant", "hang", "crash", "exit", "clean", "error" */
    int schedules;        /* tried */
    double seed;
    char *strategy;       /* "" when absent */
    char *schedule;       /* what `racekit replay --schedule` takes ("" when none) */
    rk_strlist deadlock;  /* who waits for whom, one line per thread */
    rk_explore_step *timeline;
    int n_timeline;
    int timeline_steps;   /* steps before trimming (n_timeline when absent) */
} rk_explore_row;

/* A result file that could not be read. */
typedef struct {
    char *file;
    char *detector;       /* the first folder below the results folder */
    char *message;        /* "<file>: <problem>" or "<file>:<line>: <problem>" */
} rk_load_error;

typedef struct {
    rk_row *rows;         /* sorted: detector, case, then unsafe before safe */
    int n;
    rk_load_error *errors; /* in the order found */
    int n_errors;
    rk_explore_row *explored; /* the explore results, sorted by case, unsafe first */
    int n_explored;
} rk_results;

/* rk_results_load - read every result file under each of the `n_dirs`
 * folders into *res (which it initialises; free with rk_results_free).
 * Files are found at exactly <detector>/<topic>/<name>/<variant>.json;
 * those below explore/ are the scheduler's results and go to
 * res->explored (its *.step.json files are skipped); names starting with
 * '.' (temporary files of atomic writes) are skipped.
 * A file that is not JSON, lacks a required field, has a field of the wrong
 * type or value, sits at a place in the tree that disagrees with its
 * fields, or repeats a result already read from another folder becomes an
 * entry of res->errors. Returns 0, or -1 when a folder cannot be read (one
 * line "<dir>: <problem>" in err; what was read so far stays in *res). */
int rk_results_load(const char *const *dirs, int n_dirs, rk_results *res,
                    char *err, size_t errlen);

/* rk_row_parse - check and convert one result file's text (`len` bytes)
 * into *row (free with rk_row_free). `file` names it in messages; `rel` is
 * its path below the results folder, or NULL to skip the check of the
 * place in the tree. Returns 0, or -1 with one line in err ("<file>: ..."
 * or "<file>:<line>: ...") and *row empty. */
int rk_row_parse(const char *file, const char *rel, const char *text, size_t len,
                 rk_row *row, char *err, size_t errlen);

/* rk_path_under_root - `path` relative to the folder `root` when it lies
 * below it, else `path` itself; a relative path is returned as it is (it is
 * already relative to the root). Points into `path`; no allocation. */
const char *rk_path_under_root(const char *path, const char *root);

/* rk_path_from_root - `path` made absolute: a relative path is joined to
 * `root`. The caller frees the result. */
char *rk_path_from_root(const char *path, const char *root);

void rk_row_free(rk_row *row);

/* rk_explore_row_parse - like rk_row_parse, for an explore result: 0 and
 * *row filled (free with rk_explore_row_free), or -1 with one line
 * "<file>: <problem>" in err. */
int rk_explore_row_parse(const char *file, const char *rel, const char *text, size_t len,
                         rk_explore_row *row, char *err, size_t errlen);
void rk_explore_row_free(rk_explore_row *row);
void rk_results_free(rk_results *res);

#endif
