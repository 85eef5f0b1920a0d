/* lessons_status.c - a lesson variant's status from its result files (see
 * lessons.h). Only the verdict fields are read: `verdict` of a check
 * result, `pass` and `skip` of an explore result (docs/results.md). */
#define _POSIX_C_SOURCE 200809L
#include "lessons.h"
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RESULT_MAX = 16 << 20 };

/* What one result file says. */
enum { NONE = -1, PASS, FAIL, SKIP };

const char *rk_lesson_status_name(rk_lesson_status s)
{
    switch (s) {
    case RK_LESSON_PASSED: return "passed";
    case RK_LESSON_FAILED: return "failed";
    case RK_LESSON_SKIPPED: return "skipped";
    default: return "not run";
    }
}

/* The verdict of the result file at `path`: NONE when there is no file,
 * else PASS, FAIL or SKIP; FAIL with err filled when it cannot be read. A
 * check result says it in `verdict`, an explore result in `pass` and
 * `skip` (explore = 1). */
static int read_verdict(const char *path, int explore, char *err, size_t errlen)
{
    size_t len = 0;
    char *text = rk_read_file(path, RESULT_MAX, &len);
    if (text == NULL) {
        if (errno == ENOENT)
            return NONE;
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return FAIL;
    }
    rk_json doc;
    rk_json_error e;
    int v = FAIL;
    if (rk_json_parse(text, len, &doc, &e) < 0) {
        snprintf(err, errlen, "%s:%d: not JSON: %s", path, e.line, e.message);
    } else if (explore) {
        const rk_json *pass = rk_json_get(&doc, "pass"), *skip = rk_json_get(&doc, "skip");
        if (pass == NULL || pass->type != RK_JSON_BOOL || (skip && skip->type != RK_JSON_BOOL))
            snprintf(err, errlen, "%s: no boolean 'pass' (an explore result has one)", path);
        else
            v = skip && skip->boolean ? SKIP : pass->boolean ? PASS : FAIL;
    } else {
        const rk_json *verdict = rk_json_get(&doc, "verdict");
        const char *s = verdict && verdict->type == RK_JSON_STRING ? verdict->str : "";
        if (strcmp(s, "pass") == 0 || strcmp(s, "fail") == 0 || strcmp(s, "skip") == 0)
            v = strcmp(s, "pass") == 0 ? PASS : strcmp(s, "fail") == 0 ? FAIL : SKIP;
        else
            snprintf(err, errlen, "%s: 'verdict' is not pass, fail or skip", path);
    }
    rk_json_free(&doc);
    free(text);
    return v;
}

rk_lesson_status rk_lesson_variant_status(const char *results_dir, const char *detector, const char *id,
                                          const char *variant, int explore_cannot, char *err, size_t errlen)
{
    *err = '\0';
    char *check_path = rk_xasprintf("%s/%s/%s/%s.json", results_dir, detector, id, variant);
    char *explore_path = rk_xasprintf("%s/explore/%s/%s.json", results_dir, id, variant);
    int check = read_verdict(check_path, 0, err, errlen);
    int explore = *err ? NONE : read_verdict(explore_path, 1, err, errlen);
    free(check_path);
    free(explore_path);
    if (*err)
        return RK_LESSON_FAILED;
    /* The explore result stands in for a missing or skipped check, and is
     * a judge of its own in a lesson on the scheduler's limits. */
    int judged = check == PASS || check == FAIL;
    if (explore == FAIL && (!judged || explore_cannot))
        return RK_LESSON_FAILED;
    if (judged)
        return check == PASS ? RK_LESSON_PASSED : RK_LESSON_FAILED;
    if (explore == PASS)
        return RK_LESSON_PASSED;
    return check == SKIP ? RK_LESSON_SKIPPED : RK_LESSON_NOT_RUN;
}
