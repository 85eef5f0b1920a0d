/* results_load.h - read the result files of many `racekit check` runs back
 * (DESIGN: result file): every <dir>/<detector>/<topic>/<name>/<variant>.json
 * under one or more results folders (or a subfolder of one), checked field
 * by field. A damaged file becomes one error line and the others are still
 * read. */
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
    char *source;         /* the variant's source as written ("" when absent);
                           * rk_results_shorten_paths makes one below the
                           * root relative to it (read it with
                           * rk_path_from_root) and leaves others as they are */
    char *source_shown;   /* the source as a report shows it: relative to the
                           * root, or "…/<name>" outside it (after
                           * rk_results_shorten_paths; until then = source) */
    int exercise;         /* 1: a result of an exercise folder (a student's
                           * repair, or a graded one): not part of the corpus */
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
    const struct rk_explore_row *explored; /* an explore result seen as a row
                           * (rk_results.explored_rows), else NULL */
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
typedef struct rk_explore_row {
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
    char *invariant;      /* "file:line: message" of the failed check, or "" */
    double duration_s;    /* NAN when absent */
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
    rk_row *explored_rows; /* explored[i] as a row (rk_explore_row_as_row),
                            * same order: detector "explore", explored set */
    int paths_shortened;   /* paths outside the root rk_results_shorten_paths
                            * cut to "…/<name>" */
} rk_results;

/* rk_results_load - read every result file under each of the `n_dirs`
 * folders into *res (which it initialises; free with rk_results_free).
 * Files are found at exactly <detector>/<topic>/<name>/<variant>.json;
 * a folder deeper in that tree (a detector's, a topic's or a case's: it
 * holds result files less deep) lends the missing levels from its own
 * path. Those below explore/ are the scheduler's results and go to
 * res->explored and res->explored_rows (its *.step.json files are
 * skipped); names starting with '.' (temporary files of atomic writes)
 * are skipped.
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

/* rk_explore_row_as_row - the explore result `x` as a check-like row in
 * *row (free with rk_row_free; it points at x, keep x alive): detector
 * "explore", verdict from pass and skip, outcome mapped (error is
 * tool-error, lock-order-inversion is reported with that kind), the
 * replay command, deadlock lines and timeline as its stderr, source and
 * title from `like` (a check result of the same variant) or "". */
void rk_explore_row_as_row(const rk_explore_row *x, const rk_row *like, rk_row *row);

/* The prefix of a path outside the root, shortened to its file name. */
#define RK_PATH_ELIDED "…/"

/* rk_path_shown - `path` as a report shows it (caller frees): relative to
 * `root` when it lies below it (the root itself is "."), RK_PATH_ELIDED and
 * its file name when it is another absolute path, a relative path as it
 * is. *shortened (when not NULL) is incremented for a shortened path. */
char *rk_path_shown(const char *path, const char *root, int *shortened);

/* rk_text_shorten_paths - `text` (`len` bytes, NUL bytes kept) with every
 * absolute path in it shown as rk_path_shown does: a '/' that starts the
 * text or follows a space, a quote, '(', '[', '=', ':' or ',' begins a
 * path of two names or more that runs to the next space, quote or closing
 * bracket, its ":line:column" kept ("//" is left: a URL). The
 * result is NUL-terminated, its length in *out_len; caller frees. */
char *rk_text_shorten_paths(const char *text, size_t len, const char *root, size_t *out_len, int *shortened);

/* rk_results_shorten_paths - make every path and every text that a report
 * shows free of absolute paths (docs/results.md "paths"): sources, report
 * frames, stderr, compiler messages, thread stacks, reasons, deadlock
 * lines, the messages of unreadable files; each row's source is made
 * relative when below the root and source_shown set. An explore result's row without a check result of its variant
 * takes <root>/cases/<case>/<variant>.c as its source when that file is
 * there. `root` should be an absolute, resolved folder. */
void rk_results_shorten_paths(rk_results *res, const char *root);

/* rk_explore_row_parse - like rk_row_parse, for an explore result: 0 and
 * *row filled (free with rk_explore_row_free), or -1 with one line
 * "<file>: <problem>" in err. */
int rk_explore_row_parse(const char *file, const char *rel, const char *text, size_t len,
                         rk_explore_row *row, char *err, size_t errlen);
void rk_explore_row_free(rk_explore_row *row);
void rk_results_free(rk_results *res);

#endif
