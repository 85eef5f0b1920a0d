/* scoreboard.h - from result rows to what a report shows: the cases of each
 * detector paired up (unsafe + safe), failures first, the totals line, and
 * the detection metrics; the scheduler's verdicts (explore results) and the
 * results of exercise folders in sections of their own, out of the corpus's
 * numbers. Every definition is in docs/results.md. */
#ifndef RK_SCOREBOARD_H
#define RK_SCOREBOARD_H

#include "results/results.h"
#include "util/util.h"

/* How one variant counts in the race-detection confusion matrix. */
typedef enum {
    RK_CLASS_NONE, /* not scored: another expectation, no answer, or skipped */
    RK_CLASS_TP,   /* a real race, reported */
    RK_CLASS_FN,   /* a real race (or a known blind spot), not reported */
    RK_CLASS_TN,   /* a safe variant, clean */
    RK_CLASS_FP,   /* a safe variant with a report: a false alarm */
} rk_class;

/* One case of one detector: its two variants (either may be missing). */
typedef struct {
    const char *case_id;
    const rk_row *unsafe;
    const rk_row *safe;
    int failed;            /* a variant's verdict is "fail" */
} rk_pair;

/* What a section of the scoreboard holds. */
typedef enum {
    RK_SCORE_DETECTOR, /* the corpus's check results of one detector */
    RK_SCORE_EXERCISE, /* one detector's results of exercise folders */
    RK_SCORE_EXPLORE,  /* the explore and replay results (detector "explore";
                        * each row's `explored` points at its result) */
} rk_score_kind;

typedef struct {
    const char *detector;  /* borrowed from the rows (or the load errors) */
    rk_score_kind kind;
    rk_pair *pairs;        /* failing cases first, each group in case order */
    int n_pairs;
    /* The totals line (verdicts). */
    int unsafe_total;      /* unsafe variants judged (verdict pass or fail) */
    int unsafe_pass;
    int false_alarms;      /* safe variants failed, not by an error outcome */
    int missed;            /* unsafe variants failed, not by an error outcome */
    int errors;            /* tool-error/build-error failures + unreadable files */
    int file_errors;       /* unreadable result files alone */
    const rk_load_error **load_errors; /* those files (file_errors of them);
                            * an exercise section has none: they count
                            * with the detector's corpus section */
    /* Verdicts of every variant, for the totals of explore and exercises. */
    int variants, passed, failed, skipped;
    /* The confusion matrix (classes of variants). */
    int tp, fp, tn, fn;
    int known_fn;          /* FN of cases that expect `missed` */
    int unscored;          /* variants of class NONE */
    int other_total, other_pass; /* unsafe variants expecting no race kind */
    /* Lines: reported race lines against the `// RACE` markers. */
    int lines_reported, lines_marked, lines_matched;
    int outcomes[RK_OUT_BUILD_ERROR + 1]; /* variants per outcome */
    rk_strlist compilers;     /* distinct values, sorted */
    rk_strlist tsan_options;  /* distinct values, sorted */
} rk_detector_score;

typedef struct {
    rk_detector_score *items;     /* the corpus, by detector name */
    int n;
    rk_detector_score *exercises; /* results of exercise folders, by detector */
    int n_exercises;
    rk_detector_score explore;    /* every explore result (n_pairs and
                                   * file_errors 0 when there are none) */
    const rk_results *results;
} rk_scoreboard;

/* rk_scoreboard_build - score `res` (borrowed: keep it alive while *sb is
 * used). Detectors that only have unreadable files still get an entry; an
 * unreadable file below explore/ counts in sb->explore. Free with
 * rk_scoreboard_free. */
void rk_scoreboard_build(const rk_results *res, rk_scoreboard *sb);

/* rk_scoreboard_section - the i-th section a report shows, in order: the
 * corpus's detectors, the exercise sections, then explore when it has a
 * result or an unreadable file; NULL past the last. Every format walks
 * the same list, so every result is in every format. */
const rk_detector_score *rk_scoreboard_section(const rk_scoreboard *sb, int i);


/* rk_row_class - the class of one variant (see rk_class and
 * docs/results.md): positives are unsafe variants expecting a race kind
 * (data-race, heap-use-after-free) or `missed`; negatives are safe
 * variants; tool-error, build-error and skipped variants are not scored. */
rk_class rk_row_class(const rk_row *row);

/* rk_class_name - "TP", "FN", "TN", "FP", or NULL for RK_CLASS_NONE. */
const char *rk_class_name(rk_class c);

/* rk_row_line_counts - for an unsafe variant: the distinct lines of its
 * race accesses in its own file (*reported), its `// RACE` lines (*marked)
 * and the lines in both (*matched). All 0 for a safe variant. */
void rk_row_line_counts(const rk_row *row, int *reported, int *marked, int *matched);

/* The metrics; NAN when the denominator is 0 (JSON null, "-" in text). */
typedef struct {
    double precision, recall, specificity, f1, accuracy;
    double line_precision, line_recall;
    long svcomp;           /* +2 TN, +1 TP, -16 FP, -32 FN */
} rk_metrics;

void rk_score_metrics(const rk_detector_score *d, rk_metrics *m);

/* rk_totals_line - append the section's totals (no newline): a detector's
 * "45 cases: 45/45 unsafe as expected, 0 false alarms, 0 missed, 0
 * errors"; explore's "explored schedules: 3 variants, 2 as expected, 1
 * not, 0 not judged, 0 errors" (errors: unreadable files; a failing
 * variant is counted once, in "not"); an exercise section's "exercises: 4
 * results, 3 passed, 1 failed, 0 not judged". */
void rk_totals_line(const rk_detector_score *d, rk_strbuf *out);

/* rk_score_title - the section's heading: the detector's name, "<detector>
 * exercises" or "explored schedules". Static, borrowed or in buf. */
const char *rk_score_title(const rk_detector_score *d, char *buf, size_t size);

/* rk_score_name - the section's name where a format needs one word (a
 * JUnit suite, a SARIF run's category): the detector's name, "explore",
 * or "exercises.<detector>", so an exercise's results never share the
 * corpus's. Borrowed or in buf. */
const char *rk_score_name(const rk_detector_score *d, char *buf, size_t size);

/* rk_pair_verdict - "pass", "FAIL", or "skip" (no variant judged). */
const char *rk_pair_verdict(const rk_pair *p);

/* rk_is_error_outcome - 1 for tool-error and build-error: the detector gave
 * no answer about the program. */
int rk_is_error_outcome(rk_outcome o);

/* The cells of one case row, shared by the table, Markdown and HTML: raw
 * text from the result files (escape it for the format). */
typedef struct {
    const char *unsafe;    /* outcome of each variant, "-" when missing */
    const char *safe;
    const char *verdict;   /* rk_pair_verdict */
    char *kinds;           /* the unsafe kinds joined by ",", then
                            * " / safe: ..." when the safe variant reported;
                            * "-" when none (owned) */
    const char *lines;     /* unsafe line_match: "yes", "no" or "-" */
    char time[32];         /* both runs' median durations added: "0.19s", or "-" */
} rk_pair_cells;

void rk_pair_cells_fill(const rk_pair *p, rk_pair_cells *c);
void rk_pair_cells_free(rk_pair_cells *c);

/* rk_row_output - append what a reader needs to see of a variant's run,
 * trimmed by rk_text_excerpt to `max_lines` lines and `max_bytes` bytes per
 * part: the compiler's messages for a build error, else the run's stderr
 * (the TSan report and the program's messages), followed by the thread
 * stacks when a timeout collected them. Raw bytes: escape them after. */
void rk_row_output(const rk_row *r, int max_lines, size_t max_bytes, rk_strbuf *out);

void rk_scoreboard_free(rk_scoreboard *sb);

#endif
