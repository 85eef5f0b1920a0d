/* results_row.c - one check result file, field by field (rk_row_parse in
 * results_load.h). */
#define _POSIX_C_SOURCE 200809L
#include "results_fields.h"
#include "results_load.h"
#include "util/util.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One frame of a report: "path" (else "file"), "line", "function". */
static int frame_fields(rk_fields *f, const rk_json *o, char **file, int *line, char **function)
{
    if (o->type != RK_JSON_OBJECT) {
        rk_field_problem(f, "field 'reports' must hold objects with accesses and locations");
        return -1;
    }
    *file = rk_field_str(f, o, "path", 0, 1, NULL, NULL);
    if (*file == NULL)
        *file = rk_field_str(f, o, "file", 1, 0, NULL, NULL);
    *line = rk_field_int(f, o, "line", 1, 0);
    *function = rk_field_str(f, o, "function", 0, 1, "??", NULL);
    return f->failed ? -1 : 0;
}

static void report_member(rk_fields *f, const rk_json *o, rk_report_list *list)
{
    const rk_json *kind = rk_field_member(f, o, "kind", RK_JSON_STRING, 1, 0);
    const rk_json *acc = rk_field_member(f, o, "accesses", RK_JSON_ARRAY, 1, 0);
    const rk_json *loc = rk_field_member(f, o, "locations", RK_JSON_ARRAY, 0, 1);
    if (f->failed)
        return;
    rk_report *r = rk_report_new(list, kind->str);
    for (int i = 0; i < acc->n && !f->failed; i++) {
        char *file = NULL, *function = NULL;
        int line;
        const rk_json *a = &acc->items[i];
        if (frame_fields(f, a, &file, &line, &function) == 0) {
            const rk_json *w = rk_json_get(a, "write"), *at = rk_json_get(a, "atomic");
            rk_report_add_access(r, rk_field_int(f, a, "thread", 0, 0),
                                 w && w->type == RK_JSON_BOOL && w->boolean,
                                 at && at->type == RK_JSON_BOOL && at->boolean, function, file, line);
        }
        free(file);
        free(function);
    }
    for (int i = 0; loc && i < loc->n && !f->failed; i++) {
        char *file = NULL, *function = NULL;
        int line;
        if (frame_fields(f, &loc->items[i], &file, &line, &function) == 0)
            rk_report_add_location(r, function, file, line);
        free(file);
        free(function);
    }
}

static void reports_member(rk_fields *f, rk_row *row)
{
    const rk_json *v = rk_field_member(f, f->doc, "reports", RK_JSON_ARRAY, 1, 0);
    for (int i = 0; v && i < v->n && !f->failed; i++) {
        if (v->items[i].type != RK_JSON_OBJECT) {
            rk_field_problem(f, "field 'reports' must hold objects, item %d is %s", i + 1,
                    rk_json_type_name(v->items[i].type));
            return;
        }
        report_member(f, &v->items[i], &row->reports);
    }
}

static void race_lines_member(rk_fields *f, rk_row *row)
{
    const rk_json *v = rk_field_member(f, f->doc, "race_lines", RK_JSON_ARRAY, 0, 1);
    if (v == NULL)
        return;
    row->race_lines = rk_xcalloc((size_t)v->n + 1, sizeof *row->race_lines);
    for (int i = 0; i < v->n; i++) {
        const rk_json *n = &v->items[i];
        if (n->type != RK_JSON_NUMBER || !(n->number >= 1 && n->number <= INT_MAX)) {
            rk_field_problem(f, "field 'race_lines' must hold line numbers, item %d does not", i + 1);
            return;
        }
        row->race_lines[row->n_race_lines++] = (int)n->number;
    }
}

/* ---- checks of values ---- */

static int outcome_from_name(const char *s, rk_outcome *o)
{
    for (int i = 0; i <= RK_OUT_BUILD_ERROR; i++)
        if (strcmp(s, rk_outcome_name((rk_outcome)i)) == 0) {
            *o = (rk_outcome)i;
            return 0;
        }
    return -1;
}

static int one_of(const char *s, const char *a, const char *b, const char *c)
{
    return strcmp(s, a) == 0 || strcmp(s, b) == 0 || (c && strcmp(s, c) == 0);
}

static int is_case_id(const char *s)
{
    const char *slash = strchr(s, '/');
    if (slash == NULL || slash == s)
        return 0;
    char *topic = rk_xstrndup(s, (size_t)(slash - s));
    int ok = rk_is_word_name(topic) && rk_is_word_name(slash + 1);
    free(topic);
    return ok;
}

static void check_values(rk_fields *f, rk_row *row, const char *outcome)
{
    if (f->failed)
        return;
    if (!is_case_id(row->case_id))
        rk_field_problem(f, "field 'case' must be \"topic/name\" in lowercase words, not '%s'", row->case_id);
    else if (!one_of(row->variant, "unsafe", "safe", NULL))
        rk_field_problem(f, "field 'variant' must be \"unsafe\" or \"safe\", not '%s'", row->variant);
    else if (!rk_is_word_name(row->detector))
        rk_field_problem(f, "field 'detector' must be a lowercase word, not '%s'", row->detector);
    else if (!one_of(row->verdict, "pass", "fail", "skip"))
        rk_field_problem(f, "field 'verdict' must be \"pass\", \"fail\" or \"skip\", not '%s'", row->verdict);
    else if (outcome && outcome_from_name(outcome, &row->outcome) < 0)
        rk_field_problem(f, "field 'outcome' has an unknown value '%s' (known: clean, reported, invariant, "
                   "hang, crash, exit, tool-error, build-error)", outcome);
}

/* The file's place in the tree must name the same result as its fields,
 * so a copied or misplaced file cannot pass for another case. */
static void check_place(rk_fields *f, const rk_row *row, const char *rel)
{
    if (f->failed || rel == NULL)
        return;
    char *want = rk_xasprintf("%s/%s/%s.json", row->detector, row->case_id, row->variant);
    if (strcmp(want, rel) != 0)
        rk_field_problem(f, "its fields name %s/%s/%s but the file sits at %s (want %s)", row->detector,
                row->case_id, row->variant, rel, want);
    free(want);
}

/* A file written before the field "exercise": its source sits in an
 * exercise folder (it holds exercise.txt) when that folder is still there. */
static int beside_exercise(const char *source)
{
    const char *slash = strrchr(source, '/');
    if (source[0] != '/' || slash == NULL)
        return 0;
    char *marker = rk_xasprintf("%.*s/%s", (int)(slash - source), source, RK_EXERCISE_MARKER);
    int is = rk_is_file(marker);
    free(marker);
    return is;
}

static void fill_row(rk_fields *f, rk_row *row, const char *rel)
{
    const rk_json *d = f->doc;
    row->case_id = rk_field_str(f, d, "case", 1, 0, NULL, NULL);
    row->variant = rk_field_str(f, d, "variant", 1, 0, NULL, NULL);
    row->detector = rk_field_str(f, d, "detector", 1, 0, NULL, NULL);
    if (rk_json_get(d, "compiler") == NULL)
        rk_field_problem(f, "missing required field 'compiler'");
    row->compiler = rk_field_str(f, d, "compiler", 0, 1, NULL, NULL);
    row->title = rk_field_str(f, d, "title", 0, 1, "", NULL);
    row->source = rk_field_str(f, d, "source", 0, 1, "", NULL);
    rk_field_strlist(f, d, "expect", &row->expect);
    char *outcome = rk_field_str(f, d, "outcome", 1, 0, NULL, NULL);
    rk_field_strlist(f, d, "kinds", &row->kinds);
    row->verdict = rk_field_str(f, d, "verdict", 1, 0, NULL, NULL);
    row->reason = rk_field_str(f, d, "reason", 1, 0, NULL, NULL);
    row->runs = rk_field_int(f, d, "runs", 1, 0);
    row->runs_detected = rk_field_int(f, d, "runs_detected", 1, 0);
    row->runs_passed = rk_field_int(f, d, "runs_passed", 0, 0);
    if (rk_json_get(d, "duration_s") == NULL)
        rk_field_problem(f, "missing required field 'duration_s'");
    const rk_json *dur = rk_field_member(f, d, "duration_s", RK_JSON_NUMBER, 0, 1);
    row->duration_s = dur ? dur->number : NAN;
    reports_member(f, row);
    const rk_json *lm = rk_json_get(d, "line_match");
    if (lm == NULL)
        rk_field_problem(f, "missing required field 'line_match'");
    else if (lm->type != RK_JSON_BOOL && lm->type != RK_JSON_NULL)
        rk_field_problem(f, "field 'line_match' must be true, false or null, not %s", rk_json_type_name(lm->type));
    row->line_match = lm && lm->type == RK_JSON_BOOL ? lm->boolean : -1;
    race_lines_member(f, row);
    row->tsan_options = rk_field_str(f, d, "tsan_options", 0, 1, "", NULL);
    row->out = rk_field_str(f, d, "stdout", 0, 1, "", &row->out_len);
    row->err = rk_field_str(f, d, "stderr", 0, 1, "", &row->err_len);
    const rk_json *build = rk_field_member(f, d, "build", RK_JSON_OBJECT, 0, 1);
    row->build_log = rk_field_str(f, build, "log", 0, 1, "", NULL);
    row->stacks = rk_field_str(f, d, "stacks", 0, 1, NULL, NULL);
    const rk_json *ex = rk_field_member(f, d, "exercise", RK_JSON_BOOL, 0, 1);
    row->exercise = ex ? ex->boolean : rk_json_get(d, "exercise") == NULL && beside_exercise(row->source);
    check_values(f, row, outcome);
    check_place(f, row, rel);
    free(outcome);
}

int rk_row_parse(const char *file, const char *rel, const char *text, size_t len,
                 rk_row *row, char *err, size_t errlen)
{
    memset(row, 0, sizeof *row);
    rk_json doc;
    rk_fields f;
    if (rk_fields_open(&f, &doc, file, text, len, err, errlen) == 0)
        fill_row(&f, row, rel);
    rk_json_free(&doc);
    if (f.failed) {
        rk_row_free(row);
        return -1;
    }
    row->file = rk_xstrdup(file);
    row->rel = rk_xstrdup(rel ? rel : file);
    row->source_shown = rk_xstrdup(row->source);
    return 0;
}

void rk_row_free(rk_row *row)
{
    char **strings[] = { &row->file, &row->rel, &row->case_id, &row->variant, &row->detector,
                         &row->compiler, &row->title, &row->source, &row->source_shown, &row->verdict, &row->reason,
                         &row->tsan_options, &row->out, &row->err, &row->build_log, &row->stacks };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(*strings[i]);
    rk_sl_free(&row->expect);
    rk_sl_free(&row->kinds);
    rk_report_list_free(&row->reports);
    free(row->race_lines);
    memset(row, 0, sizeof *row);
}
