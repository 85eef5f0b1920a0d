/* check.h - the parts of `racekit check` shared by its three files:
 * cmd_check.c (the flow: arguments, the case, the compile, the runs),
 * check_run.c (one judged run of the variant) and check_finish.c (the
 * result file and the verdict line). Internal to the harness. */
#ifndef RK_CHECK_H
#define RK_CHECK_H

#include "case/case.h"
#include "classify.h"
#include "build/build.h"
#include "read/read.h"
#include "markers.h"
#include "sandbox/sandbox.h"
#include "run/run.h"

struct rk_xverdict; /* explore/explore.h: the scheduler's verdict */

struct check_options {
    int runs;
    int no_scheduler; /* --no-scheduler: judge by the runs alone */
    int witness; /* uninstrumented runs to count, 0 for none */
    const char *detector;
    int quiet;
    const char *case_arg;
    const char *variant;
    const char *cases_root; /* NULL: <source>/cases */
};

/* One run, with everything needed to judge and report it. */
struct check_run {
    rk_run run;
    rk_report_list reports;
    rk_invariant invariant;
    char *tool_error;
    char *tampered;         /* why the run's records cannot be trusted, or NULL */
    int hook_started;       /* the TSan hook wrote to the records channel */
    rk_work work;           /* what threads other than main did (work_probe.h) */
    char *stacks;
    char *stacks_summary;   /* who waits for whom at the timeout */
    const char *variant_file; /* "unsafe.c": where stacks point */
    int aslr_disabled;
    rk_outcome outcome;
    int pass;
    char *reason;
};

/* One check: the case, its variant, how it was built, and what every run
 * of it shares. */
struct check {
    struct check_options opt;
    const rk_detector *det;
    rk_witness witness;
    int have_witness;
    rk_case c;
    rk_meta meta;
    const rk_strlist *expect;
    const rk_strlist *false_alarms; /* the detector's known false alarms on safe.c */
    char *source;
    char variant_file[16];
    rk_markers markers;
    rk_build build;
    rk_build_result built;
    rk_unseen unseen;       /* calls the detector's runtime cannot see (from the link) */
    char *runtime_name;     /* the detector as reasons name it: "clang 14's ThreadSanitizer" */
    char *compiler;
    char *tsan_options;     /* TSAN_OPTIONS of every run (check_tsan_options) */
    int symbolize_here;     /* TSan runs with symbolize=0; the harness resolves frames */
    struct rk_symbolizer *symbolizer; /* with symbolize_here: one for every run of the check */
    int aslr_off;           /* set once TSan could not map its memory with ASLR on */
    int state_protected;    /* the runs cannot change results, cache or sources */
    int work_probe;         /* built with the work probe (work_probe.h) */
    /* The scheduler's verdict, for a case whose bug depends on the
     * schedule (NULL when it did not judge; docs/outcomes.md). */
    const struct rk_xverdict *sched;
    double start;
};

/* check_tsan_options - set k->tsan_options for k->det built with `cc`:
 * the harness's options plus, for clang's runtimes, symbolize=0 when this
 * racekit resolves frames itself (symbolize.h: no llvm-symbolizer process
 * per reporting run), else the llvm-symbolizer next to the compiler
 * (clang 19's runtime does not find one itself). gcc's runtime
 * symbolizes in-process already. */
void check_tsan_options(struct check *k, const char *cc);

/* check_run_once - run k->built.binary once, classify and judge the run
 * into *r (reason included). Stacks are collected on a timeout only when
 * `want_stacks`. Retries once with ASLR off when TSan cannot map its shadow
 * memory, and keeps ASLR off for the later runs of the check. Returns 0, or
 * -1 when the program could not be started at all (message printed). Free
 * *r with check_run_free. */
int check_run_once(struct check *k, int want_stacks, rk_sandbox *sandbox, struct check_run *r);

/* check_spawn_once - spawn k->built.binary once in `sandbox` (the harness's
 * TSan options and environment, the records channel on its descriptor,
 * the system-call filter under TSan), within `timeout_s`, recording the
 * stacks of a hang when want_stacks. Fills r->run, r->work, r->tampered
 * (why the channel cannot be trusted, or NULL) and r->hook_started, and
 * appends the verified records (symbolized here when k->symbolize_here)
 * to `records`. Returns rk_spawn's status: 0, or -1 with errno set (said
 * on stderr). */
int check_spawn_once(const struct check *k, double timeout_s, int want_stacks, rk_sandbox *sandbox,
                     struct check_run *r, rk_strbuf *records);

/* check_run_free - release what *r owns and reset it. */
void check_run_free(struct check_run *r);

/* check_finish - write the result file of the check and print its verdict
 * line (and, on a failure, the relevant output). `shown` is the run the
 * result describes (NULL: the variant did not compile); `runs` were done,
 * `passed` of them passed, `detected` showed the bug; `counts` holds runs
 * per outcome, `dur` the median run time. Returns RK_EXIT_PASS, RK_EXIT_FAIL,
 * or RK_EXIT_USAGE when the result cannot be written. */
int check_finish(struct check *k, struct check_run *shown, int runs, int passed, int detected,
                 const int *counts, double dur);

#endif
