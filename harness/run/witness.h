/* witness.h - witness runs: the variant built without any instrumentation
 * (-O2, the ordering barrier off) and run N times, counting the runs in
 * which the bug showed by itself - how often, without a detector, a student
 * would have seen anything at all. */
#ifndef RK_WITNESS_H
#define RK_WITNESS_H

#include "case/case.h"

/* Hangs after which the witness runs stop (see rk_witness_run). */
enum { RK_WITNESS_MAX_HANGS = 2 };

typedef struct {
    int runs;            /* runs done */
    int bug_runs;        /* runs that showed the bug in any of the ways below */
    int invariant_runs;  /* the program's own check failed */
    int output_runs;     /* stdout (as a multiset of lines) matched none of the safe variant's */
    int hang_runs;       /* the timeout fired */
    int crash_runs;      /* killed by a signal, or another non-zero exit */
    int output_compared; /* 0 when the safe variant gave no usable reference */
    double duration_s;   /* median wall time of one run */
    long max_rss_kb;     /* peak resident memory over the runs */
} rk_witness;

/* rk_witness_run - build `variant` of case `c` plainly with the configured
 * compiler, and safe.c as the reference (its outputs over 20 clean runs),
 * run the variant `n` times (each
 * within the case's timeout) and fill *w. The runs stop early after
 * RK_WITNESS_MAX_HANGS hangs: each costs the whole timeout, and a bug that
 * hangs the program has shown (w->runs says how many ran). Returns 0, or -1 with one line in
 * err when a build fails (a witness of a case that does not compile is
 * meaningless). */
int rk_witness_run(const rk_case *c, const rk_meta *meta, const char *variant, int n,
                   rk_witness *w, char *err, size_t errlen);

#endif
