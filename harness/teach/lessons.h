/* lessons.h - what `racekit lessons` shows of a lesson's variant on this
 * machine, read from the result files under <build>/results/: its check
 * result (<detector>/<topic>/<name>/<variant>.json) and its explore result
 * (explore/<topic>/<name>/<variant>.json). */
#ifndef RK_LESSONS_H
#define RK_LESSONS_H

#include <stddef.h>

typedef enum {
    RK_LESSON_NOT_RUN, /* no result, or only one that judged nothing */
    RK_LESSON_PASSED,
    RK_LESSON_FAILED,  /* also: a result file that cannot be read */
    RK_LESSON_SKIPPED, /* its check skipped: the detector is not installed */
} rk_lesson_status;

/* rk_lesson_status_name - "passed", "failed", "not run", "skipped". */
const char *rk_lesson_status_name(rk_lesson_status s);

/* rk_lesson_variant_status - the status of `variant` of lesson `id`, from
 * the results under `results_dir`. The check result's verdict decides (it
 * already holds the scheduler's judgement where the case has one); the
 * explore result (racekit explore or replay) decides when there is no
 * check result or the check skipped, and when `explore_cannot` (the case
 * says `explore: cannot`, its explore tests are its own) it must pass
 * too. A result file that exists but cannot be read makes the variant
 * failed and puts one line "<path>: <problem>" in err (else err is ""). */
rk_lesson_status rk_lesson_variant_status(const char *results_dir, const char *detector, const char *id,
                                          const char *variant, int explore_cannot, char *err, size_t errlen);

#endif
