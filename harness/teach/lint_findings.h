/* lint_findings.h - the findings of `racekit lint`: each problem found as
 * "path:line: problem" plus a hint, counted as an error or a warning; what
 * lint measured for a case's summary line; the options of the checks and
 * the run-time budget. The static checks (lint.c) and the build and run
 * checks (lint_run.c) add to the same list (lint_findings.c). */
#ifndef RK_LINT_FINDINGS_H
#define RK_LINT_FINDINGS_H

#define RK_LINT_BUDGET_S 0.5  /* median seconds of one TSan run */

typedef enum { RK_LINT_ERROR, RK_LINT_WARNING } rk_lint_level;

typedef struct {
    rk_lint_level level;
    char *path;    /* owned: the file the problem is in */
    int line;      /* 1-based; 0 when the problem is the file as a whole */
    char *problem; /* owned: one sentence */
    char *hint;    /* owned: what to do about it, or NULL */
} rk_finding;

typedef struct {
    rk_finding *items;
    int n, cap;
    int errors, warnings;
} rk_findings;

#define RK_FINDINGS_INIT { NULL, 0, 0, 0, 0 }

/* What lint measured, for the one-line summary of a case. */
typedef struct {
    int diff_added, diff_deleted; /* -1 when not computed */
    double median_s[2];           /* [0] unsafe, [1] safe; < 0 when not run */
    int runs;                     /* runs per variant, 0 when not run */
} rk_lint_summary;

typedef struct {
    int runs;          /* runs per variant for the stability check; 0 skips it */
    int reuse;         /* take a check result newer than everything it depends on */
    const char *self;  /* the racekit executable that runs `check` */
} rk_lint_opts;

/* rk_lint_add - append a finding (path, problem and hint are copied; hint
 * may be NULL) and count it. */
void rk_lint_add(rk_findings *f, rk_lint_level level, const char *path, int line,
                 const char *problem, const char *hint);

/* rk_findings_free - release every finding; *f is reset. */
void rk_findings_free(rk_findings *f);

#endif
