/* result.h - the result file of one `racekit check` (DESIGN: result file):
 * <build>/results/<detector>/<topic>/<name>/<variant>.json, written
 * atomically. */
#ifndef RK_RESULT_H
#define RK_RESULT_H

#include "judge/judge.h"
#include "read/read.h"
#include "sandbox/sandbox.h"
#include "util/util.h"
#include "build/build.h"
#include "explore/explore.h"
#include "run/run.h"

enum { RK_RESULT_SCHEMA = 1, RK_RESULT_TEXT_CAP = 64 << 10 };

typedef struct {
    const char *case_id;          /* "topic/name" */
    const char *variant;          /* "unsafe" or "safe" */
    const char *detector;
    const char *compiler;         /* version line, or NULL when unknown */
    const char *title;
    const char *source;           /* absolute path of the variant's source */
    const rk_strlist *expect;
    rk_outcome outcome;
    const rk_strlist *kinds;
    const rk_strlist *unexpected_kinds; /* kinds the expectation does not list */
    const rk_strlist *warnings;   /* the compiler's warnings, one line each */
    const rk_unseen *unseen;      /* calls the detector cannot see, or NULL */
    const char *verdict;          /* "pass", "fail" or "skip" */
    const char *reason;
    int runs, runs_detected, runs_passed;
    int outcome_counts[RK_OUT_BUILD_ERROR + 1]; /* runs per outcome */
    double duration_s;            /* median wall time of one run */
    double total_s;               /* the whole check, compile included */
    const rk_report_list *reports;/* of the run shown (first failing, else first) */
    int line_match;               /* 1, 0, or -1 for null */
    const rk_markers *markers;
    const char *tsan_options;
    const rk_run *run;            /* the run shown, or NULL (build error) */
    const char *build_log;        /* the compiler's messages */
    int build_cached;
    double build_s;
    int aslr_disabled;            /* the run was retried with ASLR off */
    int state_protected;          /* results, cache and sources were read-only for it */
    int exercise;                 /* checked in an exercise folder (it holds exercise.txt):
                                   * a student's repair, which a report keeps out of the corpus */
    int work_measured;            /* built with the work probe (work_probe.h) */
    long work_writes, work_outputs; /* what threads other than main did, when measured */
    const char *stacks;           /* thread stacks at a timeout, or NULL */
    const rk_witness *witness;    /* uninstrumented runs, or NULL */
    const rk_xverdict *scheduler; /* the scheduler's verdict, when it judged too, or NULL */
    const char *judged_by;        /* "check", "scheduler" or "check and scheduler" */
} rk_result;

/* rk_result_json - append the result as pretty JSON to `out`. Program output
 * is kept up to RK_RESULT_TEXT_CAP bytes per stream and escaped, so the file
 * is valid JSON whatever the program printed. */
void rk_result_json(const rk_result *r, rk_strbuf *out);

/* rk_result_write - write the JSON to `path` atomically (temp + rename),
 * creating directories. Returns 0, or -1 with errno set. */
int rk_result_write(const rk_result *r, const char *path);

#endif
