/* case_meta.h - the front matter of a case's README.md (DESIGN: case folder).
 *
 *     ---
 *     title: Lost update on a shared counter
 *     expect: data-race
 *     timeout: 10
 *     ---
 */
#ifndef RK_CASE_META_H
#define RK_CASE_META_H

#include "util/util.h"

#include <stddef.h>

enum { RK_META_MAX_BYTES = 1 << 20, RK_META_MAX_DETECTORS = 16 };

/* What holds for one detector only: `expect.<detector>: ...` (what its run
 * of unsafe.c shows), or `false-alarm.<detector>: <kinds>` (report kinds it
 * gives on the correct safe.c, a known false alarm taught by the case; kind
 * `other` is an error of a Valgrind tool that has no TSan kind). */
typedef struct {
    char *detector;
    int false_alarm;       /* 1 for false-alarm.<detector> */
    rk_strlist items;
} rk_detector_expect;

/* `explore:` what racekit's scheduler must answer (docs/exploration.md):
 * find (default) judges the variants by what the scheduler finds; cannot
 * is a lesson on the scheduler's limits: it must say that it cannot run
 * either variant (exit 77 turns into a pass, a run into a failure). */
enum { RK_EXPLORE_FIND, RK_EXPLORE_CANNOT };

typedef struct {
    char *title;           /* required */
    rk_strlist expect;     /* required: report kinds, invariant, hang, missed */
    double timeout;        /* seconds; default 10 */
    char *cflags;          /* extra compiler/linker flags, or NULL */
    char *fix;             /* the primitive that fixes the case, or NULL */
    /* `diff-limit: <lines> <reason>` and `budget: <seconds> <reason>`: a case
     * raising racekit lint's limits (0 and NULL when absent). */
    double diff_limit;
    char *diff_limit_reason;
    double budget;
    char *budget_reason;
    int explore;           /* RK_EXPLORE_FIND or RK_EXPLORE_CANNOT */
    /* `points:` what each test of an exercise is worth when racekit grade
     * grades a class (docs/exercises.md), as written, or NULL; its line. */
    char *points;
    int points_line;
    rk_detector_expect per_detector[RK_META_MAX_DETECTORS];
    int n_per_detector;
    int body_line;         /* first line after the closing '---' */
} rk_meta;

/* rk_meta_parse - parse the front matter at the start of `text` (`len`
 * bytes, from the file `path`, which is only used in messages). Returns 0
 * and fills *meta (free it with rk_meta_free), or -1 and writes one line
 * "<path>:<line>: <problem>" into err (size errlen), leaving *meta empty. */
int rk_meta_parse(const char *path, const char *text, size_t len, rk_meta *meta,
                  char *err, size_t errlen);

/* rk_meta_load - read `path` and parse it as above; a missing, unreadable
 * or too large file is an error too. */
int rk_meta_load(const char *path, rk_meta *meta, char *err, size_t errlen);

/* rk_meta_expect_for - the expectation that applies to `detector`: its own
 * `expect.<detector>` list when the case has one, else `expect`. */
const rk_strlist *rk_meta_expect_for(const rk_meta *meta, const char *detector);

/* rk_meta_false_alarms_for - the report kinds `detector` is known to give
 * on the correct safe.c (`false-alarm.<detector>`), or NULL. */
const rk_strlist *rk_meta_false_alarms_for(const rk_meta *meta, const char *detector);

/* rk_meta_free - release what rk_meta_parse allocated. */
void rk_meta_free(rk_meta *meta);

#endif
