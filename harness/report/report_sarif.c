/* report_sarif.c - SARIF 2.1.0 for GitHub code scanning and other SARIF
 * viewers (see report_formats.h): the runs, their results and locations;
 * the rules' text is in report_sarif_rules.c. Paths below the root are
 * relative URIs with uriBaseId %SRCROOT% (GitHub resolves them against the
 * checkout); others are absolute file:// URIs. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "util/util.h"
#include "report_formats.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rules a run uses, in order of first use (ruleIndex points here). */
typedef struct {
    rk_strlist kinds;
} rule_set;

/* The ruleIndex of `kind`: its place in rs, added at the end when new. */
static int rule_index(rule_set *rs, const char *kind)
{
    for (int i = 0; i < rs->kinds.n; i++)
        if (strcmp(rs->kinds.items[i], kind) == 0)
            return i;
    rk_sl_add(&rs->kinds, kind);
    return rs->kinds.n - 1;
}

/* A path as a URI: relative to the root, or file:// when outside it;
 * bytes other than unreserved characters and '/' are percent-encoded. */
static char *uri_of(const char *path, const char *root, int *relative)
{
    const char *rel = rk_path_under_root(path, root);
    *relative = rel[0] != '/';
    rk_strbuf sb = RK_STRBUF_INIT;
    if (!*relative)
        rk_sb_puts(&sb, "file://");
    for (const unsigned char *p = (const unsigned char *)rel; *p; p++)
        if (isalnum(*p) || strchr("-._~/", *p))
            rk_sb_putc(&sb, (char)*p);
        else
            rk_sb_printf(&sb, "%%%02X", *p);
    return rk_sb_detach(&sb);
}

/* A location object at path:line (line 1 when unknown), with `message`
 * when not NULL and "id" when id >= 0. */
static void put_location(rk_jw *w, const char *path, int line, const char *message,
                         const rk_report_opts *o, int id)
{
    int relative;
    char *uri = uri_of(path, o->root, &relative);
    rk_jw_object(w);
    if (id >= 0) {
        rk_jw_key(w, "id");
        rk_jw_int(w, id);
    }
    rk_jw_key(w, "physicalLocation");
    rk_jw_object(w);
    rk_jw_key(w, "artifactLocation");
    rk_jw_object(w);
    rk_jw_key(w, "uri");
    rk_jw_str(w, uri);
    if (relative) {
        rk_jw_key(w, "uriBaseId");
        rk_jw_str(w, "%SRCROOT%");
    }
    rk_jw_end(w);
    rk_jw_key(w, "region");
    rk_jw_object(w);
    rk_jw_key(w, "startLine");
    rk_jw_int(w, line > 0 ? line : 1);
    rk_jw_end(w);
    rk_jw_end(w);
    if (message) {
        rk_jw_key(w, "message");
        rk_jw_object(w);
        rk_jw_key(w, "text");
        rk_jw_str(w, message);
        rk_jw_end(w);
    }
    rk_jw_end(w);
    free(uri);
}

/* 1 when the frame names a file and a line a location can point at. */
static int usable(const rk_frame *f)
{
    return f->file && *f->file && strcmp(f->file, "??") != 0 && f->line > 0;
}

/* "write by thread T1 in f (unsafe.c:12)". Caller frees. */
static char *access_text(const rk_access *a)
{
    char thread[32];
    if (a->thread == 0)
        snprintf(thread, sizeof thread, "the main thread");
    else
        snprintf(thread, sizeof thread, "thread T%d", a->thread);
    return rk_xasprintf("%s%s by %s in %s (%s:%d)", a->atomic ? "atomic " : "", a->write ? "write" : "read",
                        thread, a->frame.function, rk_basename(a->frame.file), a->frame.line);
}

/* The report's message: what, where, and the verdict's reason. */
static char *report_message(const rk_row *r, const rk_report *rep, int expected)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_sb_printf(&sb, "%s/%s: %s%s", r->case_id, r->variant, expected ? "expected " : "", rep->kind);
    for (int i = 0; i < rep->n_accesses; i++) {
        char *t = access_text(&rep->accesses[i]);
        rk_sb_printf(&sb, "%s%s", i ? "; " : ": ", t);
        free(t);
    }
    rk_sb_printf(&sb, ". %s", r->reason);
    return rk_sb_detach(&sb);
}

/* 1 when an earlier access of `rep` has the same file and line as access i:
 * both sides of a race on one line are one location. */
static int seen_before(const rk_report *rep, int i)
{
    for (int j = 0; j < i; j++)
        if (rep->accesses[j].frame.line == rep->accesses[i].frame.line &&
            strcmp(rep->accesses[j].frame.file, rep->accesses[i].frame.file) == 0)
            return 1;
    return 0;
}

/* Accesses are where the result is; the other stacks are related. */
static void put_report_locations(rk_jw *w, const rk_report *rep, const rk_report_opts *o)
{
    int primary = 0;
    rk_jw_key(w, "locations");
    rk_jw_array(w);
    for (int i = 0; i < rep->n_accesses; i++)
        if (usable(&rep->accesses[i].frame) && !seen_before(rep, i)) {
            put_location(w, rep->accesses[i].frame.file, rep->accesses[i].frame.line, NULL, o, -1);
            primary++;
        }
    int first_related = 0;
    if (primary == 0)
        for (; first_related < rep->n_locations; first_related++)
            if (usable(&rep->locations[first_related])) {
                put_location(w, rep->locations[first_related].file, rep->locations[first_related].line,
                             NULL, o, -1);
                first_related++;
                break;
            }
    rk_jw_end(w);
    rk_jw_key(w, "relatedLocations");
    rk_jw_array(w);
    for (int i = first_related, id = 1; i < rep->n_locations; i++)
        if (usable(&rep->locations[i]))
            put_location(w, rep->locations[i].file, rep->locations[i].line, rep->locations[i].function, o, id++);
    rk_jw_end(w);
}

/* The result's properties: case, variant, outcome, verdict. */
static void put_properties(rk_jw *w, const rk_row *r)
{
    rk_jw_key(w, "properties");
    rk_jw_object(w);
    rk_jw_key(w, "case");
    rk_jw_str(w, r->case_id);
    rk_jw_key(w, "variant");
    rk_jw_str(w, r->variant);
    rk_jw_key(w, "outcome");
    rk_jw_str(w, rk_outcome_name(r->outcome));
    rk_jw_key(w, "verdict");
    rk_jw_str(w, r->verdict);
    rk_jw_end(w);
}

/* Open a result object: ruleId, ruleIndex (kind added to rs), level and
 * message; the caller adds the rest and closes it. */
static void result_head(rk_jw *w, rule_set *rs, const char *kind, const char *level, const char *message)
{
    char *id = rk_xasprintf("racekit/%s", kind);
    rk_jw_object(w);
    rk_jw_key(w, "ruleId");
    rk_jw_str(w, id);
    rk_jw_key(w, "ruleIndex");
    rk_jw_int(w, rule_index(rs, kind));
    rk_jw_key(w, "level");
    rk_jw_str(w, level);
    rk_jw_key(w, "message");
    rk_jw_object(w);
    rk_jw_key(w, "text");
    rk_jw_str(w, message);
    rk_jw_end(w);
    free(id);
}

/* "<variant>.c:<line>" in `text`, or 0. */
static int line_in(const char *text, const rk_row *r)
{
    char *needle = rk_xasprintf("%s.c:", r->variant);
    const char *p = strstr(text, needle);
    int line = p ? atoi(p + strlen(needle)) : 0;
    free(needle);
    return line > 0 ? line : 0;
}

/* Where a failure without a report points: a line the reason or the
 * compiler names, else the first `// RACE` line (where the race should
 * have been seen), else the top of the file. */
static int verdict_line(const rk_row *r)
{
    int line = line_in(r->reason, r);
    if (line == 0 && r->outcome == RK_OUT_BUILD_ERROR)
        line = line_in(r->build_log, r);
    if (line == 0 && r->n_race_lines > 0)
        line = r->race_lines[0];
    return line > 0 ? line : 1;
}

/* The results of one variant: a result per report of a failing variant
 * (or, with sarif_expected, per expected report of a passing unsafe one),
 * one on its source file for a failing variant without a report. */
static void put_row_results(rk_jw *w, const rk_row *r, rule_set *rs, const rk_report_opts *o)
{
    int failed = strcmp(r->verdict, "fail") == 0;
    int expected = !failed && o->sarif_expected && strcmp(r->variant, "unsafe") == 0 &&
                   strcmp(r->verdict, "pass") == 0;
    if (!failed && !expected)
        return;
    char *source = rk_path_from_root(r->source, o->root);
    for (int i = 0; i < r->reports.n; i++) {
        const rk_report *rep = &r->reports.items[i];
        if (expected && !rk_sl_contains(&r->expect, rep->kind))
            continue;
        char *msg = report_message(r, rep, expected);
        result_head(w, rs, expected ? "expected" : rep->kind, expected ? "note" : "error", msg);
        put_report_locations(w, rep, o);
        put_properties(w, r);
        rk_jw_end(w);
        free(msg);
    }
    if (failed && r->reports.n == 0 && *r->source) {
        char *msg = rk_xasprintf("%s/%s: %s", r->case_id, r->variant, r->reason);
        result_head(w, rs, "verdict", "error", msg);
        rk_jw_key(w, "locations");
        rk_jw_array(w);
        put_location(w, source, verdict_line(r), NULL, o, -1);
        rk_jw_end(w);
        put_properties(w, r);
        rk_jw_end(w);
        free(msg);
    }
    free(source);
}

/* The results array of a detector's run, its kinds added to rs. */
static void put_results(rk_jw *w, const rk_detector_score *d, rule_set *rs, const rk_report_opts *o)
{
    rk_jw_array(w);
    for (int i = 0; i < d->n_pairs; i++) {
        if (d->pairs[i].unsafe)
            put_row_results(w, d->pairs[i].unsafe, rs, o);
        if (d->pairs[i].safe)
            put_row_results(w, d->pairs[i].safe, rs, o);
    }
    rk_jw_end(w);
}

/* The tool object: racekit, its version, and the rules in rs. */
static void put_driver(rk_jw *w, const rk_detector_score *d, const rule_set *rs, const char *root)
{
    rk_jw_key(w, "tool");
    rk_jw_object(w);
    rk_jw_key(w, "driver");
    rk_jw_object(w);
    rk_jw_key(w, "name");
    rk_jw_str(w, "racekit");
    rk_jw_key(w, "version");
    rk_jw_str(w, RK_VERSION);
    rk_jw_key(w, "rules");
    rk_jw_array(w);
    for (int i = 0; i < rs->kinds.n; i++)
        rk_report_sarif_rule(w, rs->kinds.items[i], d, root);
    rk_jw_end(w);
    rk_jw_end(w);
    rk_jw_end(w);
}

/* The rules come before the results but are the ones the results use: a
 * first pass into a scratch buffer collects them in order of first use. */
static void put_run(rk_jw *w, const rk_detector_score *d, const rk_report_opts *o)
{
    rule_set rs = { RK_STRLIST_INIT };
    rk_strbuf scratch = RK_STRBUF_INIT;
    rk_jw sw = rk_jw_start(&scratch, 0);
    put_results(&sw, d, &rs, o);
    rk_sb_free(&scratch);
    rk_jw_object(w);
    put_driver(w, d, &rs, o->root);
    char *category = rk_xasprintf("racekit/%s/", d->detector);
    rk_jw_key(w, "automationDetails");
    rk_jw_object(w);
    rk_jw_key(w, "id");
    rk_jw_str(w, category);
    rk_jw_end(w);
    free(category);
    rk_jw_key(w, "properties");
    rk_jw_object(w);
    rk_jw_key(w, "detector");
    rk_jw_str(w, d->detector);
    rk_jw_key(w, "compilers");
    rk_jw_array(w);
    for (int i = 0; i < d->compilers.n; i++)
        rk_jw_str(w, d->compilers.items[i]);
    rk_jw_end(w);
    rk_jw_end(w);
    rk_jw_key(w, "results");
    put_results(w, d, &rs, o);
    rk_jw_end(w);
    rk_sl_free(&rs.kinds);
}

void rk_report_sarif(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out)
{
    rk_jw w = rk_jw_start(out, 1);
    rk_jw_object(&w);
    rk_jw_key(&w, "$schema");
    rk_jw_str(&w, "https://json.schemastore.org/sarif-2.1.0.json");
    rk_jw_key(&w, "version");
    rk_jw_str(&w, "2.1.0");
    rk_jw_key(&w, "runs");
    rk_jw_array(&w);
    for (int i = 0; i < sb->n; i++)
        put_run(&w, &sb->items[i], o);
    rk_jw_end(&w);
    rk_jw_end(&w);
}
