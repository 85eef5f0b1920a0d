/* lint.h - is a case folder ready to ship? Every check `racekit lint` makes,
 * each problem found as a finding: "path:line: problem" plus a hint.
 *
 * Static checks (lint.c): front matter, `// RACE` markers, the size of the
 * diff between the variants, the five lesson sections, template text left
 * by `racekit new`. Build and run checks (lint_run.c): both variants compile
 * with -Wall -Wextra and no warning; each variant gets its verdict in every
 * one of N runs; its median TSan run fits the time budget. */
#ifndef RK_LINT_H
#define RK_LINT_H

#include "case/case.h"

enum {
    RK_LINT_DIFF_LIMIT = 40,  /* changed lines (added + deleted) */
};
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

/* rk_lint_static - the checks that read files only, on a resolved case `c`
 * whose front matter `meta` parsed: markers, diff size (into s), lesson
 * sections, template text. Appends findings; never fails. */
void rk_lint_static(const rk_case *c, const rk_meta *meta, rk_findings *f, rk_lint_summary *s);

/* rk_lint_build - compile both variants as `racekit check` does plus
 * -Wall -Wextra -Werror (cached in <build>/cache/lint/...) and turn every
 * warning or error of the compiler into a finding at its file and line. */
void rk_lint_build(const rk_case *c, const rk_meta *meta, rk_findings *f);

/* rk_lint_runs - run `<self> check --runs N --quiet` on each variant, read
 * its result file and add findings for a variant that fails or passes only
 * some runs (unstable), for race reports off the `// RACE` lines, and (as
 * warnings) for a median run over the budget. Fills s->median_s, s->runs. */
void rk_lint_runs(const rk_case *c, const rk_meta *meta, const rk_lint_opts *o,
                  rk_findings *f, rk_lint_summary *s);

/* rk_lint_case - resolve `arg` (a folder, or topic/name under cases_root),
 * parse its front matter and run every check above (runs only when
 * o->runs > 0). A folder that does not resolve or parse gives one finding.
 * The id ("topic/name", or `arg` when unresolved) goes to *id (caller
 * frees). */
void rk_lint_case(const char *arg, const char *cases_root, const rk_lint_opts *o,
                  rk_findings *f, rk_lint_summary *s, char **id);

/* rk_findings_free - release every finding; *f is reset. */
void rk_findings_free(rk_findings *f);

#endif
