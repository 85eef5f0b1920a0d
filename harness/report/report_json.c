/* report_json.c - the scoreboard as JSON (see report_formats.h; the fields
 * are listed in docs/results.md). */
#define _POSIX_C_SOURCE 200809L
#include "util/util.h"
#include "report_formats.h"
#include "results/results.h"

#include <stdlib.h>
#include <string.h>

enum { RK_SCOREBOARD_SCHEMA = 1 };

static void put_int(rk_jw *w, const char *key, long long v)
{
    rk_jw_key(w, key);
    rk_jw_int(w, v);
}

static void put_num(rk_jw *w, const char *key, double v)
{
    rk_jw_key(w, key);
    rk_jw_double(w, v); /* NAN (undefined) is written as null */
}

static void put_list(rk_jw *w, const char *key, const rk_strlist *l)
{
    rk_jw_key(w, key);
    rk_jw_array(w);
    for (int i = 0; i < l->n; i++)
        rk_jw_str(w, l->items[i]);
    rk_jw_end(w);
}

static void put_counts(rk_jw *w, const rk_detector_score *d)
{
    put_int(w, "cases", d->n_pairs);
    put_int(w, "unsafe", d->unsafe_total);
    put_int(w, "unsafe_as_expected", d->unsafe_pass);
    put_int(w, "false_alarms", d->false_alarms);
    put_int(w, "missed", d->missed);
    put_int(w, "errors", d->errors);
    put_int(w, "unreadable_files", d->file_errors);
    put_int(w, "TP", d->tp);
    put_int(w, "FP", d->fp);
    put_int(w, "TN", d->tn);
    put_int(w, "FN", d->fn);
    put_int(w, "known_FN", d->known_fn);
    put_int(w, "unscored", d->unscored);
    put_int(w, "other_unsafe", d->other_total);
    put_int(w, "other_unsafe_as_expected", d->other_pass);
}

static void put_metrics(rk_jw *w, const rk_detector_score *d)
{
    rk_metrics m;
    rk_score_metrics(d, &m);
    put_num(w, "precision", m.precision);
    put_num(w, "recall", m.recall);
    put_num(w, "specificity", m.specificity);
    put_num(w, "f1", m.f1);
    put_num(w, "accuracy", m.accuracy);
    put_int(w, "svcomp_score", m.svcomp);
    put_int(w, "lines_reported", d->lines_reported);
    put_int(w, "lines_marked", d->lines_marked);
    put_int(w, "lines_matched", d->lines_matched);
    put_num(w, "line_precision", m.line_precision);
    put_num(w, "line_recall", m.line_recall);
    rk_jw_key(w, "outcomes");
    rk_jw_object(w);
    for (int o = 0; o <= RK_OUT_BUILD_ERROR; o++)
        put_int(w, rk_outcome_name((rk_outcome)o), d->outcomes[o]);
    rk_jw_end(w);
}

/* What an explore result adds to its row: how the search went and the
 * replay command of the failing schedule (null when none). */
static void put_explored(rk_jw *w, const rk_explore_row *x)
{
    rk_jw_key(w, "mode");
    rk_jw_str(w, x->mode);
    rk_jw_key(w, "found");
    rk_jw_bool(w, x->found);
    put_int(w, "schedules", x->schedules);
    rk_jw_key(w, "strategy");
    rk_jw_str(w, x->strategy);
    rk_jw_key(w, "replay");
    if (x->found && *x->schedule) {
        char *cmd = rk_xasprintf("racekit replay %s %s --schedule %s", x->case_id, x->variant, x->schedule);
        rk_jw_str(w, cmd);
        free(cmd);
    } else {
        rk_jw_null(w);
    }
}

static void put_row(rk_jw *w, const rk_row *r)
{
    rk_jw_object(w);
    rk_jw_key(w, "case");
    rk_jw_str(w, r->case_id);
    rk_jw_key(w, "variant");
    rk_jw_str(w, r->variant);
    rk_jw_key(w, "title");
    rk_jw_str(w, r->title);
    put_list(w, "expect", &r->expect);
    rk_jw_key(w, "outcome");
    rk_jw_str(w, rk_outcome_name(r->outcome));
    put_list(w, "kinds", &r->kinds);
    rk_jw_key(w, "verdict");
    rk_jw_str(w, r->verdict);
    rk_jw_key(w, "reason");
    rk_jw_str(w, r->reason);
    rk_jw_key(w, "class");
    rk_jw_str(w, rk_class_name(rk_row_class(r)));
    rk_jw_key(w, "line_match");
    if (r->line_match < 0)
        rk_jw_null(w);
    else
        rk_jw_bool(w, r->line_match);
    int reported, marked, matched;
    rk_row_line_counts(r, &reported, &marked, &matched);
    put_int(w, "lines_reported", reported);
    put_int(w, "lines_marked", marked);
    put_int(w, "lines_matched", matched);
    put_int(w, "runs", r->runs);
    put_int(w, "runs_detected", r->runs_detected);
    put_num(w, "duration_s", r->duration_s);
    rk_jw_key(w, "source");
    rk_jw_str(w, r->source_shown);
    rk_jw_key(w, "result");
    rk_jw_str(w, r->rel);
    if (r->explored)
        put_explored(w, r->explored);
    rk_jw_end(w);
}

/* The totals of an exercise or explore section: verdicts, not detection. */
static void put_verdict_counts(rk_jw *w, const rk_detector_score *d)
{
    put_int(w, "cases", d->n_pairs);
    put_int(w, "variants", d->variants);
    put_int(w, "passed", d->passed);
    put_int(w, "failed", d->failed);
    put_int(w, "not_judged", d->skipped);
    put_int(w, "unreadable_files", d->file_errors);
}

static void put_detector(rk_jw *w, const rk_detector_score *d)
{
    rk_jw_object(w);
    rk_jw_key(w, "detector");
    rk_jw_str(w, d->detector);
    if (d->kind != RK_SCORE_EXPLORE) {
        put_list(w, "compilers", &d->compilers);
        put_list(w, "tsan_options", &d->tsan_options);
    }
    if (d->kind == RK_SCORE_DETECTOR) {
        put_counts(w, d);
        put_metrics(w, d);
    } else {
        put_verdict_counts(w, d);
    }
    rk_jw_key(w, "rows");
    rk_jw_array(w);
    for (int i = 0; i < d->n_pairs; i++) {
        if (d->pairs[i].unsafe)
            put_row(w, d->pairs[i].unsafe);
        if (d->pairs[i].safe)
            put_row(w, d->pairs[i].safe);
    }
    rk_jw_end(w);
    rk_jw_key(w, "unreadable");
    rk_jw_array(w);
    for (int i = 0; i < d->file_errors; i++)
        rk_jw_str(w, d->load_errors[i]->message);
    rk_jw_end(w);
    rk_jw_end(w);
}

void rk_report_json(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out)
{
    rk_jw w = rk_jw_start(out, 1);
    rk_jw_object(&w);
    put_int(&w, "schema", RK_SCOREBOARD_SCHEMA);
    (void)o;
    rk_jw_key(&w, "detectors");
    rk_jw_array(&w);
    for (int i = 0; i < sb->n; i++)
        put_detector(&w, &sb->items[i]);
    rk_jw_end(&w);
    rk_jw_key(&w, "exercises");
    rk_jw_array(&w);
    for (int i = 0; i < sb->n_exercises; i++)
        put_detector(&w, &sb->exercises[i]);
    rk_jw_end(&w);
    rk_jw_key(&w, "explore");
    if (sb->explore.n_pairs || sb->explore.file_errors)
        put_detector(&w, &sb->explore);
    else
        rk_jw_null(&w);
    put_int(&w, "paths_shortened", sb->results->paths_shortened);
    rk_jw_end(&w);
}
