/* lint.h - is a case folder ready to ship? Every check `racekit lint` makes,
 * each problem found as a finding: "path:line: problem" plus a hint
 * (lint_findings.h).
 *
 * Static checks (lint.c): front matter, `// RACE` markers, the size of the
 * diff between the variants, the five lesson sections, template text left
 * by `racekit new`. Build and run checks (lint_run.h): both variants compile
 * with -Wall -Wextra and no warning; each variant gets its verdict in every
 * one of N runs; its median TSan run fits the time budget. */
#ifndef RK_LINT_H
#define RK_LINT_H

#include "case/case.h"
#include "lint_findings.h"

enum {
    RK_LINT_DIFF_LIMIT = 40,  /* changed lines (added + deleted) */
};

/* rk_lint_static - the checks that read files only, on a resolved case `c`
 * whose front matter `meta` parsed: markers, diff size (into s), lesson
 * sections, template text. Appends findings; never fails. */
void rk_lint_static(const rk_case *c, const rk_meta *meta, rk_findings *f, rk_lint_summary *s);

/* rk_lint_case - resolve `arg` (a folder, or topic/name under cases_root),
 * parse its front matter and run every check: the static ones above, the
 * build and run ones of lint_run.h (runs only when o->runs > 0). A folder
 * that does not resolve or parse gives one finding. The id ("topic/name",
 * or `arg` when unresolved) goes to *id (caller frees). */
void rk_lint_case(const char *arg, const char *cases_root, const rk_lint_opts *o,
                  rk_findings *f, rk_lint_summary *s, char **id);

#endif
