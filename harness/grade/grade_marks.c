/* grade_marks.c - each test's verdict for one submission, from the result
 * file racekit check wrote and, for the exercise's rules, the rules judged
 * one by one on its scratch copy (see gradebook.h). A rule is judged only
 * on clean runs, as racekit check does; a row whose grading did not run
 * fails every test with its problem. */
#define _XOPEN_SOURCE 700
#include "gradebook.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SOURCE_MAX = 4 << 20 };

static const char *str_field(const rk_json *obj, const char *key)
{
    const rk_json *v = rk_json_get(obj, key);
    return v && v->type == RK_JSON_STRING ? v->str : NULL;
}

static double num_field(const rk_json *obj, const char *key, double fallback)
{
    const rk_json *v = rk_json_get(obj, key);
    return v && v->type == RK_JSON_NUMBER ? v->number : fallback;
}

static void mark(grade_row *r, int i, grade_verdict v, char *reason)
{
    if (i < 0)
        return free(reason);
    free(r->marks[i].reason);
    r->marks[i].verdict = v;
    r->marks[i].reason = reason;
}

/* Every test from `from` on: not run, for `why`. */
static void not_run(const gradebook *gb, grade_row *r, int from, const char *why)
{
    for (int i = from; i < gb->x.n_tests; i++)
        mark(r, i, GRADE_NOT_RUN, rk_xstrdup(why));
}

/* The run's own part of check's reason (the scheduler's follows "; "). */
static char *run_reason(const char *reason)
{
    const char *cut = strstr(reason, "; racekit's scheduler (");
    return cut ? rk_xstrndup(reason, (size_t)(cut - reason)) : rk_xstrdup(reason);
}

/* Every run was clean: only "clean" in outcome_counts, or the shown run
 * reported only the case's known false alarms (check passed it). */
static int runs_clean(const gradebook *gb, const rk_json *doc)
{
    const rk_json *counts = rk_json_get(doc, "outcome_counts");
    const char *outcome = str_field(doc, "outcome");
    if (counts && counts->type == RK_JSON_OBJECT && counts->n == 1 && strcmp(counts->keys[0], "clean") == 0)
        return 1;
    const rk_strlist *alarms = rk_meta_false_alarms_for(&gb->x.meta, "tsan");
    const rk_json *kinds = rk_json_get(doc, "kinds");
    if (!alarms || !outcome || strcmp(outcome, "reported") != 0 || !kinds || kinds->type != RK_JSON_ARRAY ||
        !counts || counts->n != 1)
        return 0;
    for (int i = 0; i < kinds->n; i++)
        if (kinds->items[i].type != RK_JSON_STRING || !rk_sl_contains(alarms, kinds->items[i].str))
            return 0;
    return 1;
}

/* The first compiler error line of the build log, or the reason. */
static char *build_reason(const rk_json *doc, const char *reason)
{
    const char *log = str_field(rk_json_get(doc, "build"), "log");
    const char *err = log ? strstr(log, "error:") : NULL;
    if (err == NULL)
        return rk_xstrdup(reason);
    const char *start = err;
    while (start > log && start[-1] != '\n')
        start--;
    const char *own = strstr(start, "/safe.c:"); /* the scratch copy's folder is no help to the student */
    if (own && own < err)
        start = own + 1;
    return rk_xasprintf("safe.c does not compile: %.*s", (int)strcspn(start, "\n"), start);
}

/* The scheduler's verdict; "not judged" leaves the runs to judge alone,
 * as racekit check does. */
static void mark_schedules(const gradebook *gb, grade_row *r, const rk_json *doc)
{
    int i = grade_test_index(&gb->x, "schedules");
    const rk_json *s = rk_json_get(doc, "scheduler");
    const char *verdict = str_field(s, "verdict"), *why = str_field(s, "reason");
    if (i < 0)
        return;
    if (verdict == NULL)
        return mark(r, i, GRADE_NOT_RUN, rk_xstrdup("racekit's scheduler did not run"));
    char *reason = rk_xasprintf("racekit's scheduler (seed %.0f, %.0f schedules): %s%s", num_field(s, "seed", 0),
                                num_field(s, "schedules", 0), strcmp(verdict, "not judged") == 0 ? "not judged: " : "",
                                why ? why : "");
    mark(r, i, strcmp(verdict, "fail") == 0 ? GRADE_FAIL : GRADE_PASS, reason);
    const char *replay = str_field(s, "replay"), *at = replay ? strstr(replay, "--schedule ") : NULL;
    if (at)
        r->schedule = rk_xstrdup(at + 11);
}

/* The exercise's rules on the shown run, each on its own. */
static void mark_rules(const gradebook *gb, grade_row *r, const rk_json *doc)
{
    rk_exercise *ex = rk_exercise_open(r->scratch);
    const rk_json *out = rk_json_get(doc, "stdout"), *work = rk_json_get(doc, "thread_work");
    size_t len = out && out->type == RK_JSON_STRING ? out->len : 0;
    size_t total = (size_t)num_field(rk_json_get(doc, "exit"), "stdout_bytes", (double)len);
    rk_work w = { work && work->type == RK_JSON_OBJECT, (long)num_field(work, "writes", 0),
                  (long)num_field(work, "outputs", 0) };
    for (int rule = 0; ex && rule < RK_RULE_COUNT; rule++) {
        int i = grade_test_index(&gb->x, rk_exercise_rule_name((rk_exercise_rule)rule));
        char *why;
        int holds = rk_exercise_judge_rule(ex, (rk_exercise_rule)rule, len ? out->str : "", len, total, &w, &why);
        mark(r, i, holds ? GRADE_PASS : GRADE_FAIL, holds ? rk_xstrdup("kept") : why);
    }
    rk_exercise_close(ex);
}

/* r->line and r->line_text: the first "safe.c:N" a failing reason names. */
static void find_line(const gradebook *gb, grade_row *r)
{
    int first = grade_first_failure(gb, r);
    const char *at = first >= 0 ? strstr(r->marks[first].reason, "safe.c:") : NULL;
    if (at == NULL || !isdigit((unsigned char)at[7]) || r->scratch == NULL)
        return;
    r->line = atoi(at + 7);
    char *path = rk_path_join(r->scratch, "safe.c"), *text = rk_read_file(path, SOURCE_MAX, NULL);
    const char *p = text;
    for (int n = 1; p && *p && n < r->line; n++)
        p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
    if (p && *p)
        r->line_text = rk_xstrndup(p, strcspn(p, "\n"));
    free(text);
    free(path);
}

/* The marks from r's result file (parsed as `doc`). */
static void mark_result(const gradebook *gb, grade_row *r, const rk_json *doc)
{
    const char *outcome = str_field(doc, "outcome"), *verdict = str_field(doc, "verdict");
    const char *reason = str_field(doc, "reason");
    reason = reason ? reason : "no reason given";
    r->check_pass = verdict && strcmp(verdict, "pass") == 0;
    if (outcome && strcmp(outcome, "build-error") == 0) {
        mark(r, 0, GRADE_FAIL, build_reason(doc, reason));
        return not_run(gb, r, 1, "not run: safe.c does not compile");
    }
    mark(r, 0, GRADE_PASS, rk_xstrdup("built"));
    int clean = runs_clean(gb, doc);
    int runs = (int)num_field(doc, "runs", 1);
    mark(r, 1, clean ? GRADE_PASS : GRADE_FAIL,
         clean ? rk_xasprintf("%d run%s clean", runs, runs == 1 ? "" : "s") : run_reason(reason));
    mark_schedules(gb, r, doc);
    if (clean) {
        mark_rules(gb, r, doc);
    } else {
        for (int rule = 0; rule < RK_RULE_COUNT; rule++)
            mark(r, grade_test_index(&gb->x, rk_exercise_rule_name((rk_exercise_rule)rule)), GRADE_NOT_RUN,
                 rk_xstrdup("judged only on clean runs, as racekit check does"));
    }
    /* racekit check's verdict stands: a failure these tests did not show
     * (none is known) still fails the clean test with check's reason. */
    if (!r->check_pass && grade_first_failure(gb, r) < 0)
        mark(r, 1, GRADE_FAIL, rk_xstrdup(reason));
}

void grade_marks(const gradebook *gb, grade_row *r)
{
    rk_json doc;
    rk_json_error err;
    if (r->problem == NULL && r->result && rk_json_parse(r->result, r->result_len, &doc, &err) < 0)
        r->problem = rk_xasprintf("its result file is not JSON: line %d: %s", err.line, err.message);
    if (r->problem) {
        not_run(gb, r, 0, r->problem);
    } else {
        mark_result(gb, r, &doc);
        rk_json_free(&doc);
    }
    r->points = 0;
    for (int i = 0; i < gb->x.n_tests; i++) {
        r->marks[i].points = r->marks[i].verdict == GRADE_PASS ? gb->x.tests[i].points : 0;
        r->points += r->marks[i].points;
    }
    find_line(gb, r);
}
