/* lint_run.h - the checks of `racekit lint` that build or run the case
 * (lint_run.c): both variants compile with -Wall -Wextra and no warning;
 * each variant gets its verdict in every one of N runs; its median TSan run
 * fits the time budget. They add to the findings of lint_findings.h;
 * lint.c calls them after its static checks. */
#ifndef RK_LINT_RUN_H
#define RK_LINT_RUN_H

#include "case/case.h"
#include "lint_findings.h"

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

#endif
