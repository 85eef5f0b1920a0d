/* scoreboard.c - pairs, totals and metrics (see scoreboard.h and the
 * definitions in docs/results.md). */
#define _POSIX_C_SOURCE 200809L
#include "scoreboard.h"
#include "case/case.h"
#include "util/util.h"
#include "markup.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rk_is_error_outcome(rk_outcome o)
{
    return o == RK_OUT_TOOL_ERROR || o == RK_OUT_BUILD_ERROR;
}

static int is_safe(const rk_row *row)
{
    return strcmp(row->variant, "safe") == 0;
}

static int expects_race(const rk_row *row)
{
    for (int i = 0; i < row->expect.n; i++)
        if (rk_is_race_kind(row->expect.items[i]) || strcmp(row->expect.items[i], "missed") == 0)
            return 1;
    return 0;
}

/* A race kind the case counts as found: one it expects, or any race kind
 * in a known blind spot (TSan found it after all). */
static int race_found(const rk_row *row)
{
    int blind_spot = rk_sl_contains(&row->expect, "missed");
    for (int i = 0; i < row->kinds.n; i++)
        if (rk_is_race_kind(row->kinds.items[i]) &&
            (blind_spot || rk_sl_contains(&row->expect, row->kinds.items[i])))
            return 1;
    return 0;
}

rk_class rk_row_class(const rk_row *row)
{
    if (strcmp(row->verdict, "skip") == 0 || rk_is_error_outcome(row->outcome))
        return RK_CLASS_NONE;
    if (is_safe(row)) {
        if (row->kinds.n > 0)
            return RK_CLASS_FP;
        return row->outcome == RK_OUT_CLEAN ? RK_CLASS_TN : RK_CLASS_NONE;
    }
    if (!expects_race(row))
        return RK_CLASS_NONE;
    return race_found(row) ? RK_CLASS_TP : RK_CLASS_FN;
}

const char *rk_class_name(rk_class c)
{
    static const char *const names[] = { NULL, "TP", "FN", "TN", "FP" };
    return names[c];
}

void rk_row_line_counts(const rk_row *row, int *reported, int *marked, int *matched)
{
    *reported = *marked = *matched = 0;
    if (is_safe(row))
        return;
    char variant_file[32];
    snprintf(variant_file, sizeof variant_file, "%s.c", row->variant);
    rk_strlist seen = RK_STRLIST_INIT; /* "file:line" of each distinct access */
    for (int i = 0; i < row->reports.n; i++) {
        const rk_report *r = &row->reports.items[i];
        if (!rk_is_race_kind(r->kind))
            continue;
        for (int j = 0; j < r->n_accesses; j++) {
            const rk_frame *f = &r->accesses[j].frame;
            char *key = rk_xasprintf("%s:%d", f->file, f->line);
            if (!rk_sl_contains(&seen, key)) {
                rk_sl_add(&seen, key);
                (*reported)++;
                if (strcmp(rk_basename(f->file), variant_file) == 0)
                    for (int k = 0; k < row->n_race_lines; k++)
                        *matched += row->race_lines[k] == f->line;
            }
            free(key);
        }
    }
    rk_sl_free(&seen);
    *marked = row->n_race_lines;
}

static void add_distinct_sorted(rk_strlist *l, const char *s)
{
    if (s == NULL || *s == '\0' || rk_sl_contains(l, s))
        return;
    rk_sl_add(l, s);
    for (int i = l->n - 1; i > 0 && strcmp(l->items[i - 1], l->items[i]) > 0; i--) {
        char *t = l->items[i];
        l->items[i] = l->items[i - 1];
        l->items[i - 1] = t;
    }
}

/* Count one variant into the totals, the matrix and the line counts. */
static void count_row(rk_detector_score *d, const rk_row *row)
{
    int judged = strcmp(row->verdict, "skip") != 0, pass = strcmp(row->verdict, "pass") == 0;
    d->variants++;
    d->passed += pass;
    d->failed += judged && !pass;
    d->skipped += !judged;
    d->outcomes[row->outcome]++;
    add_distinct_sorted(&d->compilers, row->compiler);
    add_distinct_sorted(&d->tsan_options, row->tsan_options);
    if (!is_safe(row) && judged) {
        d->unsafe_total++;
        d->unsafe_pass += pass;
    }
    if (judged && !pass) {
        if (rk_is_error_outcome(row->outcome))
            d->errors++;
        else if (is_safe(row))
            d->false_alarms++;
        else
            d->missed++;
    }
    rk_class c = rk_row_class(row);
    d->tp += c == RK_CLASS_TP;
    d->fn += c == RK_CLASS_FN;
    d->tn += c == RK_CLASS_TN;
    d->fp += c == RK_CLASS_FP;
    d->known_fn += c == RK_CLASS_FN && rk_sl_contains(&row->expect, "missed");
    d->unscored += c == RK_CLASS_NONE;
    if (!is_safe(row) && judged && !expects_race(row)) {
        d->other_total++;
        d->other_pass += pass;
    }
    if (c == RK_CLASS_TP || c == RK_CLASS_FN) {
        int reported, marked, matched;
        rk_row_line_counts(row, &reported, &marked, &matched);
        d->lines_reported += reported;
        d->lines_marked += marked;
        d->lines_matched += matched;
    }
}

/* The entry of `name` in the array *items (n of them), added when new. */
static rk_detector_score *entry(rk_detector_score **items, int *n, const char *name, rk_score_kind kind)
{
    for (int i = 0; i < *n; i++)
        if (strcmp((*items)[i].detector, name) == 0)
            return &(*items)[i];
    *items = rk_xrealloc(*items, (size_t)(*n + 1) * sizeof **items);
    rk_detector_score *d = &(*items)[(*n)++];
    memset(d, 0, sizeof *d);
    d->detector = name;
    d->kind = kind;
    return d;
}

static void add_load_error(rk_detector_score *d, const rk_load_error *e)
{
    d->load_errors = rk_xrealloc(d->load_errors, (size_t)(d->file_errors + 1) * sizeof *d->load_errors);
    d->load_errors[d->file_errors++] = e;
    d->errors++;
}

static void add_to_pair(rk_detector_score *d, const rk_row *row)
{
    rk_pair *p = d->n_pairs ? &d->pairs[d->n_pairs - 1] : NULL;
    if (p == NULL || strcmp(p->case_id, row->case_id) != 0) {
        d->pairs = rk_xrealloc(d->pairs, (size_t)(d->n_pairs + 1) * sizeof *d->pairs);
        p = &d->pairs[d->n_pairs++];
        memset(p, 0, sizeof *p);
        p->case_id = row->case_id;
    }
    if (is_safe(row))
        p->safe = row;
    else
        p->unsafe = row;
    p->failed |= strcmp(row->verdict, "fail") == 0;
}

/* Failing cases first; a stable pass keeps case order inside each group. */
static void failures_first(rk_detector_score *d)
{
    rk_pair *sorted = rk_xcalloc((size_t)d->n_pairs + 1, sizeof *sorted);
    int k = 0;
    for (int failed = 1; failed >= 0; failed--)
        for (int i = 0; i < d->n_pairs; i++)
            if (d->pairs[i].failed == failed)
                sorted[k++] = d->pairs[i];
    free(d->pairs);
    d->pairs = sorted;
}

static int cmp_detector(const void *a, const void *b)
{
    return strcmp(((const rk_detector_score *)a)->detector, ((const rk_detector_score *)b)->detector);
}

void rk_scoreboard_build(const rk_results *res, rk_scoreboard *sb)
{
    memset(sb, 0, sizeof *sb);
    sb->results = res;
    sb->explore.detector = "explore";
    sb->explore.kind = RK_SCORE_EXPLORE;
    for (int i = 0; i < res->n; i++) { /* rows come sorted by detector, case */
        const rk_row *row = &res->rows[i];
        rk_detector_score *d = row->exercise ? entry(&sb->exercises, &sb->n_exercises, row->detector, RK_SCORE_EXERCISE)
                                             : entry(&sb->items, &sb->n, row->detector, RK_SCORE_DETECTOR);
        add_to_pair(d, row);
        count_row(d, row);
    }
    for (int i = 0; i < res->n_explored; i++) {
        add_to_pair(&sb->explore, &res->explored_rows[i]);
        count_row(&sb->explore, &res->explored_rows[i]);
    }
    for (int i = 0; i < res->n_errors; i++) {
        const rk_load_error *e = &res->errors[i];
        add_load_error(strcmp(e->detector, "explore") == 0 ? &sb->explore
                                                            : entry(&sb->items, &sb->n, e->detector, RK_SCORE_DETECTOR),
                       e);
    }
    for (int i = 0; i < sb->n; i++)
        failures_first(&sb->items[i]);
    for (int i = 0; i < sb->n_exercises; i++)
        failures_first(&sb->exercises[i]);
    failures_first(&sb->explore);
    if (sb->n > 1)
        qsort(sb->items, (size_t)sb->n, sizeof *sb->items, cmp_detector);
    if (sb->n_exercises > 1)
        qsort(sb->exercises, (size_t)sb->n_exercises, sizeof *sb->exercises, cmp_detector);
}

const rk_detector_score *rk_scoreboard_section(const rk_scoreboard *sb, int i)
{
    if (i < sb->n)
        return &sb->items[i];
    if (i - sb->n < sb->n_exercises)
        return &sb->exercises[i - sb->n];
    if (i - sb->n == sb->n_exercises && (sb->explore.n_pairs || sb->explore.file_errors))
        return &sb->explore;
    return NULL;
}

const char *rk_score_name(const rk_detector_score *d, char *buf, size_t size)
{
    if (d->kind != RK_SCORE_EXERCISE)
        return d->detector;
    snprintf(buf, size, "exercises.%s", d->detector);
    return buf;
}

const char *rk_score_title(const rk_detector_score *d, char *buf, size_t size)
{
    if (d->kind == RK_SCORE_EXPLORE)
        return "explored schedules";
    if (d->kind == RK_SCORE_EXERCISE) {
        snprintf(buf, size, "%s exercises", d->detector);
        return buf;
    }
    return d->detector;
}

static double ratio(int num, int den)
{
    return den ? (double)num / den : NAN;
}

void rk_score_metrics(const rk_detector_score *d, rk_metrics *m)
{
    m->precision = ratio(d->tp, d->tp + d->fp);
    m->recall = ratio(d->tp, d->tp + d->fn);
    m->specificity = ratio(d->tn, d->tn + d->fp);
    m->f1 = ratio(2 * d->tp, 2 * d->tp + d->fp + d->fn);
    m->accuracy = ratio(d->tp + d->tn, d->tp + d->tn + d->fp + d->fn);
    m->line_precision = ratio(d->lines_matched, d->lines_reported);
    m->line_recall = ratio(d->lines_matched, d->lines_marked);
    m->svcomp = 2L * d->tn + d->tp - 16L * d->fp - 32L * d->fn;
}

void rk_totals_line(const rk_detector_score *d, rk_strbuf *out)
{
    if (d->kind == RK_SCORE_EXPLORE) {
        rk_sb_printf(out, "explored schedules: %d variants, %d as expected, %d not, %d not judged, %d errors",
                     d->variants, d->passed, d->failed, d->skipped, d->file_errors);
        return;
    }
    if (d->kind == RK_SCORE_EXERCISE) {
        rk_sb_printf(out, "exercises: %d results, %d passed, %d failed, %d not judged", d->variants, d->passed,
                     d->failed, d->skipped);
        return;
    }
    rk_sb_printf(out, "%d cases: %d/%d unsafe as expected, %d false alarms, %d missed, %d errors",
                 d->n_pairs, d->unsafe_pass, d->unsafe_total, d->false_alarms, d->missed, d->errors);
}

const char *rk_pair_verdict(const rk_pair *p)
{
    if (p->failed)
        return "FAIL";
    if ((p->unsafe && strcmp(p->unsafe->verdict, "pass") == 0) ||
        (p->safe && strcmp(p->safe->verdict, "pass") == 0))
        return "pass";
    return "skip";
}

void rk_pair_cells_fill(const rk_pair *p, rk_pair_cells *c)
{
    memset(c, 0, sizeof *c);
    c->unsafe = p->unsafe ? rk_outcome_name(p->unsafe->outcome) : "-";
    c->safe = p->safe ? rk_outcome_name(p->safe->outcome) : "-";
    c->verdict = rk_pair_verdict(p);
    rk_strbuf kinds = RK_STRBUF_INIT;
    if (p->unsafe && p->unsafe->kinds.n) {
        char *k = rk_sl_join(&p->unsafe->kinds, ",");
        rk_sb_puts(&kinds, k);
        free(k);
    }
    if (p->safe && p->safe->kinds.n) {
        char *k = rk_sl_join(&p->safe->kinds, ",");
        rk_sb_printf(&kinds, "%ssafe: %s", kinds.len ? " / " : "", k);
        free(k);
    }
    c->kinds = kinds.len ? rk_sb_detach(&kinds) : rk_xstrdup("-");
    rk_sb_free(&kinds);
    int lm = p->unsafe ? p->unsafe->line_match : -1;
    c->lines = lm < 0 ? "-" : lm ? "yes" : "no";
    double t = 0;
    int timed = 0;
    const rk_row *v[2] = { p->unsafe, p->safe };
    for (int i = 0; i < 2; i++)
        if (v[i] && isfinite(v[i]->duration_s)) {
            t += v[i]->duration_s;
            timed = 1;
        }
    if (timed)
        snprintf(c->time, sizeof c->time, "%.2fs", t);
    else
        snprintf(c->time, sizeof c->time, "-");
}

void rk_pair_cells_free(rk_pair_cells *c)
{
    free(c->kinds);
    memset(c, 0, sizeof *c);
}

void rk_row_output(const rk_row *r, int max_lines, size_t max_bytes, rk_strbuf *out)
{
    if (r->outcome == RK_OUT_BUILD_ERROR) {
        rk_text_excerpt(out, r->build_log, strlen(r->build_log), max_lines, max_bytes);
        return;
    }
    rk_text_excerpt(out, r->err, r->err_len, max_lines, max_bytes);
    if (r->stacks && *r->stacks) {
        rk_sb_puts(out, out->len ? "\n--- thread stacks at the timeout ---\n" : "--- thread stacks at the timeout ---\n");
        rk_text_excerpt(out, r->stacks, strlen(r->stacks), max_lines, max_bytes);
    }
}

static void score_free(rk_detector_score *d)
{
    free(d->pairs);
    free(d->load_errors);
    rk_sl_free(&d->compilers);
    rk_sl_free(&d->tsan_options);
}

void rk_scoreboard_free(rk_scoreboard *sb)
{
    for (int i = 0; i < sb->n; i++)
        score_free(&sb->items[i]);
    for (int i = 0; i < sb->n_exercises; i++)
        score_free(&sb->exercises[i]);
    score_free(&sb->explore);
    free(sb->items);
    free(sb->exercises);
    memset(sb, 0, sizeof *sb);
}
