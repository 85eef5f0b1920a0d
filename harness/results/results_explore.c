/* results_explore.c - one explore result file, field by field
 * (rk_explore_row_parse in results_load.h; written by
 * explore/explore_result.c). */
#define _POSIX_C_SOURCE 200809L
#include "results_fields.h"
#include "results_load.h"
#include "util/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const OUTCOMES[] = { "invariant", "hang", "crash", "exit", "lock-order-inversion", "clean",
                                         "error" };

static void timeline_member(rk_fields *f, const rk_json *doc, rk_explore_row *row)
{
    const rk_json *v = rk_field_member(f, doc, "timeline", RK_JSON_ARRAY, 1, 0);
    if (v == NULL || v->n == 0)
        return;
    row->timeline = rk_xcalloc((size_t)v->n, sizeof *row->timeline);
    for (int i = 0; i < v->n && !f->failed; i++) {
        const rk_json *o = &v->items[i];
        if (o->type != RK_JSON_OBJECT) {
            rk_field_problem(f, "field 'timeline' must hold objects, item %d is %s", i + 1,
                             rk_json_type_name(o->type));
            return;
        }
        rk_explore_step *st = &row->timeline[row->n_timeline++];
        st->thread = rk_field_int(f, o, "thread", 1, 0);
        st->file = rk_field_str(f, o, "file", 1, 0, "", NULL);
        st->line = rk_field_int(f, o, "line", 1, 0);
        st->op = rk_field_str(f, o, "op", 1, 0, "", NULL);
    }
}

static void fill(rk_fields *f, const rk_json *doc, rk_explore_row *row, const char *rel)
{
    row->case_id = rk_field_str(f, doc, "case", 1, 0, "", NULL);
    row->variant = rk_field_str(f, doc, "variant", 1, 0, "", NULL);
    row->mode = rk_field_str(f, doc, "mode", 0, 0, "explore", NULL);
    const rk_json *pass = rk_field_member(f, doc, "pass", RK_JSON_BOOL, 1, 0);
    row->pass = pass && pass->boolean;
    const rk_json *skip = rk_field_member(f, doc, "skip", RK_JSON_BOOL, 0, 0);
    row->skip = skip && skip->boolean;
    row->reason = rk_field_str(f, doc, "reason", 0, 1, "", NULL);
    const rk_json *found = rk_field_member(f, doc, "found", RK_JSON_BOOL, 1, 0);
    row->found = found && found->boolean;
    row->outcome = rk_field_str(f, doc, "outcome", 1, 0, "", NULL);
    row->schedules = rk_field_int(f, doc, "schedules", 1, 0);
    const rk_json *seed = rk_field_member(f, doc, "seed", RK_JSON_NUMBER, 1, 0);
    row->seed = seed ? seed->number : 0;
    row->strategy = rk_field_str(f, doc, "strategy", 0, 1, "", NULL);
    row->schedule = rk_field_str(f, doc, "schedule", 1, 1, "", NULL);
    row->invariant = rk_field_str(f, doc, "invariant", 0, 1, "", NULL);
    const rk_json *dur = rk_field_member(f, doc, "duration_s", RK_JSON_NUMBER, 0, 1);
    row->duration_s = dur ? dur->number : NAN;
    if (rk_json_get(doc, "deadlock") && rk_json_get(doc, "deadlock")->type != RK_JSON_NULL)
        rk_field_strlist(f, doc, "deadlock", &row->deadlock);
    timeline_member(f, doc, row);
    row->timeline_steps = rk_field_int(f, doc, "timeline_steps", 0, row->n_timeline);
    if (f->failed)
        return;
    int known = 0;
    for (size_t i = 0; i < sizeof OUTCOMES / sizeof OUTCOMES[0]; i++)
        known |= strcmp(row->outcome, OUTCOMES[i]) == 0;
    if (!known)
        rk_field_problem(f, "field 'outcome' must be invariant, hang, crash, exit, clean or error, not '%s'", row->outcome);
    else if (strcmp(row->variant, "unsafe") != 0 && strcmp(row->variant, "safe") != 0)
        rk_field_problem(f, "field 'variant' must be \"unsafe\" or \"safe\", not '%s'", row->variant);
    char *want = rk_xasprintf("explore/%s/%s.json", row->case_id, row->variant);
    if (!f->failed && rel && strcmp(rel, want) != 0)
        rk_field_problem(f, "its fields name explore/%s/%s but the file sits at %s (want %s)", row->case_id,
                         row->variant, rel, want);
    free(want);
}

int rk_explore_row_parse(const char *file, const char *rel, const char *text, size_t len,
                         rk_explore_row *row, char *err, size_t errlen)
{
    memset(row, 0, sizeof *row);
    rk_json doc;
    rk_fields f;
    if (rk_fields_open(&f, &doc, file, text, len, err, errlen) == 0)
        fill(&f, &doc, row, rel);
    rk_json_free(&doc);
    if (f.failed) {
        rk_explore_row_free(row);
        return -1;
    }
    row->file = rk_xstrdup(file);
    return 0;
}

void rk_explore_row_free(rk_explore_row *row)
{
    char **strings[] = { &row->file, &row->case_id, &row->variant, &row->mode, &row->reason,
                         &row->outcome, &row->strategy, &row->schedule, &row->invariant };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(*strings[i]);
    for (int i = 0; i < row->n_timeline; i++) {
        free(row->timeline[i].file);
        free(row->timeline[i].op);
    }
    free(row->timeline);
    rk_sl_free(&row->deadlock);
    memset(row, 0, sizeof *row);
}
