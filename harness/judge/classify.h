/* classify.h - from what one run showed to an outcome, and from outcomes to
 * a verdict against the case's expectation (DESIGN: outcomes and verdicts). */
#ifndef RK_CLASSIFY_H
#define RK_CLASSIFY_H

#include "read/read.h"
#include "sandbox/sandbox.h"
#include "util/util.h"

typedef enum {
    RK_OUT_CLEAN,
    RK_OUT_REPORTED,
    RK_OUT_INVARIANT,
    RK_OUT_HANG,
    RK_OUT_CRASH,
    RK_OUT_EXIT,
    RK_OUT_TOOL_ERROR,
    RK_OUT_BUILD_ERROR,
} rk_outcome;

/* rk_outcome_name - the DESIGN name ("clean", "build-error", ...). */
const char *rk_outcome_name(rk_outcome o);

/* What one run showed; the inputs of classification. */
typedef struct {
    const rk_run *run;             /* how the program ended (NULL: not run) */
    const rk_report_list *reports; /* what the detector reported */
    const rk_invariant *invariant; /* the program's own check */
    const char *tool_error;        /* the detector's own failure, or NULL */
    int build_failed;
    const char *variant;           /* "unsafe.c": for locations in reasons */
    const char *tool;              /* the detector's name in reasons; NULL: "TSan" */
} rk_facts;

/* rk_classify - exactly one outcome, first match wins: build-error,
 * tool-error, hang (timeout), invariant (a failed check), reported (at least
 * one report), crash (a signal), exit (non-zero status), clean. The exit
 * status alone never makes a report: clang's runtime exits 66 after one,
 * gcc's may not. */
rk_outcome rk_classify(const rk_facts *f);

/* rk_judge - does one run's outcome meet the expectation? `safe` variants
 * pass only when clean, or when every report is of a kind in `expect`, which
 * for them lists the detector's known false alarms (may be NULL). An unsafe
 * variant passes when every expected item
 * holds: each report kind was reported, `invariant` = the check failed,
 * `hang` = the timeout fired, `missed` = nothing was reported (and the run
 * did not crash, hang or fail to build). Kinds reported beyond the
 * expectation do not change the verdict, but the reason names each ("TSan
 * also reported data-race (unsafe.c:12 vs unsafe.c:14), which expect does
 * not list"). Writes a sentence a student understands into *reason (caller
 * frees). Returns 1 pass, 0 fail. */
int rk_judge(int safe, const rk_strlist *expect, rk_outcome outcome,
             const rk_facts *f, double timeout_s, char **reason);

/* rk_where - where the first report of `kind` (NULL: any) points, or NULL
 * (caller frees): "unsafe.c:14 vs unsafe.c:14" for its first two accesses;
 * for a lock-order cycle every edge, "cycle M0 -> M1 -> M0: T1 locks M1 at
 * unsafe.c:27 while holding M0 (locked at unsafe.c:26); T2 locks M0 at ...";
 * else its first two distinct locations, "unsafe.c:55, unsafe.c:51". */
char *rk_where(const rk_report_list *reports, const char *kind);

/* rk_unexpected_kinds - add to `out` each distinct kind of `reports` that
 * `expect` (may be NULL: none expected) does not list, in order. Verdict
 * reasons name every such kind; the result file lists them. */
void rk_unexpected_kinds(const rk_report_list *reports, const rk_strlist *expect, rk_strlist *out);

#endif
