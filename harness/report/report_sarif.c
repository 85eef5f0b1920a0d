/* report_sarif.c - SARIF 2.1.0 for GitHub code scanning and other SARIF
 * viewers (see report_formats.h): the runs and their results; where the
 * results point is report_sarif_places.c and report_sarif_locate.c, the
 * rules' text report_sarif_rules.c. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "util/util.h"
#include "report_formats.h"
#include "report_sarif.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What a run has written so far: the rules it uses, in order of first use
 * (ruleIndex points here), and its results' fingerprint hashes. */
typedef struct {
    rk_strlist kinds;
    rk_strlist prints;
} run_state;

/* The ruleIndex of `kind`: its place in rs, added at the end when new. */
static int rule_index(run_state *rs, const char *kind)
{
    for (int i = 0; i < rs->kinds.n; i++)
        if (strcmp(rs->kinds.items[i], kind) == 0)
            return i;
    rk_sl_add(&rs->kinds, kind);
    return rs->kinds.n - 1;
}

/* The report's message: what, where, and the verdict's reason. */
static char *report_message(const rk_row *r, const rk_report *rep, int expected)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_sb_printf(&sb, "%s/%s: %s%s", r->case_id, r->variant, expected ? "expected " : "", rep->kind);
    for (int i = 0; i < rep->n_accesses; i++) {
        const rk_access *a = &rep->accesses[i];
        char *t = rk_sarif_access_label(a);
        rk_sb_printf(&sb, "%s%s in %s (%s:%d)", i ? "; " : ": ", t, a->frame.function,
                     rk_basename(a->frame.file), a->frame.line);
        free(t);
    }
    rk_sb_printf(&sb, ". %s", r->reason);
    return rk_sb_detach(&sb);
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
static void result_head(rk_jw *w, run_state *rs, const char *kind, const char *level, const char *message)
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

/* partialFingerprints: the finding's hash (rule, path below the root,
 * function, text of its line) and, after a colon, its rank among the
 * run's results with the same hash, so two alike findings stay two. */
static void put_fingerprint(rk_jw *w, run_state *rs, const char *kind, const rk_sarif_place *p, const char *function,
                            const rk_report_opts *o)
{
    char *rule = rk_xasprintf("racekit/%s", kind);
    char *abs = rk_path_from_root(p->path, o->root);
    char *text = p->line > 0 ? rk_sarif_line_text(abs, p->line) : NULL;
    char hash[17];
    rk_sarif_fingerprint(rule, rk_path_under_root(p->path, o->root), function, text, hash);
    rk_sl_add(&rs->prints, hash);
    int rank = 0;
    for (int i = 0; i < rs->prints.n; i++)
        rank += strcmp(rs->prints.items[i], hash) == 0;
    rk_jw_key(w, "partialFingerprints");
    rk_jw_object(w);
    rk_jw_key(w, "racekitFinding/v1");
    char *value = rk_xasprintf("%s:%d", hash, rank);
    rk_jw_str(w, value);
    rk_jw_end(w);
    free(value);
    free(text);
    free(abs);
    free(rule);
}

/* A failing variant without a report: one result on its source, at the
 * line that explains the failure (report_sarif.h), with the compiler's
 * first error for a build error. */
static void put_verdict_result(rk_jw *w, const rk_row *r, run_state *rs, const rk_report_opts *o)
{
    char *msg, *compiler = r->outcome == RK_OUT_BUILD_ERROR ? rk_sarif_compiler_message(r) : NULL;
    if (compiler) {
        const char *see = strstr(r->reason, " (see the compiler's message)");
        int n = see ? (int)(see - r->reason) : (int)strlen(r->reason);
        msg = rk_xasprintf("%s/%s: %.*s: %s", r->case_id, r->variant, n, r->reason, compiler);
    } else {
        msg = rk_xasprintf("%s/%s: %s", r->case_id, r->variant, r->reason);
    }
    rk_sarif_place p = { r->source, 0, 0, NULL, NULL };
    p.line = rk_sarif_verdict_line(r, &p.column);
    result_head(w, rs, "verdict", "error", msg);
    rk_jw_key(w, "locations");
    rk_jw_array(w);
    rk_sarif_put_location(w, &p, o, -1);
    rk_jw_end(w);
    put_fingerprint(w, rs, "verdict", &p, rk_outcome_name(r->outcome), o);
    put_properties(w, r);
    rk_jw_end(w);
    free(compiler);
    free(msg);
}

/* The results of one variant: a result per report of a failing variant
 * (or, with sarif_expected, per expected report of a passing unsafe one),
 * one on its source file for a failing variant without a report. */
static void put_row_results(rk_jw *w, const rk_row *r, run_state *rs, const rk_report_opts *o)
{
    int failed = strcmp(r->verdict, "fail") == 0;
    int expected = !failed && o->sarif_expected && strcmp(r->variant, "unsafe") == 0 &&
                   strcmp(r->verdict, "pass") == 0;
    if (!failed && !expected)
        return;
    for (int i = 0; i < r->reports.n; i++) {
        const rk_report *rep = &r->reports.items[i];
        if (expected && !rk_sl_contains(&r->expect, rep->kind))
            continue;
        const char *kind = expected ? "expected" : rep->kind;
        char *msg = report_message(r, rep, expected);
        result_head(w, rs, kind, expected ? "note" : "error", msg);
        rk_sarif_place primary = { r->source, 0, 0, rep->kind, NULL };
        rk_sarif_put_report_locations(w, r, i, o, &primary);
        put_fingerprint(w, rs, kind, &primary, primary.function ? primary.function : rep->kind, o);
        free(primary.label);
        put_properties(w, r);
        rk_jw_end(w);
        free(msg);
    }
    if (failed && r->reports.n == 0 && *r->source)
        put_verdict_result(w, r, rs, o);
}

/* The results array of a detector's run, its kinds added to rs. */
static void put_results(rk_jw *w, const rk_detector_score *d, run_state *rs, const rk_report_opts *o)
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

/* The tool object: racekit, its version, where to read about it, and the
 * rules in rs. */
static void put_driver(rk_jw *w, const rk_detector_score *d, const run_state *rs, const char *root)
{
    rk_jw_key(w, "tool");
    rk_jw_object(w);
    rk_jw_key(w, "driver");
    rk_jw_object(w);
    rk_jw_key(w, "name");
    rk_jw_str(w, "racekit");
    rk_jw_key(w, "version");
    rk_jw_str(w, RK_VERSION);
    rk_jw_key(w, "informationUri");
    rk_jw_str(w, RK_INFORMATION_URI);
    rk_jw_key(w, "rules");
    rk_jw_array(w);
    for (int i = 0; i < rs->kinds.n; i++)
        rk_report_sarif_rule(w, rs->kinds.items[i], d, root);
    rk_jw_end(w);
    rk_jw_end(w);
    rk_jw_end(w);
}

/* %SRCROOT% without its uri: the root's absolute path would make the
 * report differ between machines (SARIF 3.14.14 allows leaving it out);
 * GitHub resolves it against the checkout. */
static void put_base_ids(rk_jw *w)
{
    rk_jw_key(w, "originalUriBaseIds");
    rk_jw_object(w);
    rk_jw_key(w, "%SRCROOT%");
    rk_jw_object(w);
    rk_jw_key(w, "description");
    rk_jw_object(w);
    rk_jw_key(w, "text");
    rk_jw_str(w, "The repository root (racekit report --root): every relative uri is below it.");
    rk_jw_end(w);
    rk_jw_end(w);
    rk_jw_end(w);
}

/* A notification's location: the result file, when it lies below the root
 * (a relative name is below the working folder, which may not be). */
static void put_file_location(rk_jw *w, const char *file, const rk_report_opts *o)
{
    char cwd[4096];
    char *abs = file[0] == '/' || getcwd(cwd, sizeof cwd) == NULL ? rk_xstrdup(file)
                                                                  : rk_xasprintf("%s/%s", cwd, file);
    rk_sarif_place p = { rk_path_under_root(abs, o->root), 0, 0, NULL, NULL };
    if (p.path[0] != '/') {
        rk_jw_key(w, "locations");
        rk_jw_array(w);
        rk_sarif_put_location(w, &p, o, -1);
        rk_jw_end(w);
    }
    free(abs);
}

/* The invocation of racekit report for this run: successful when every
 * result file of the detector could be read, with an error notification
 * per file that could not. */
static void put_invocation(rk_jw *w, const rk_detector_score *d, const rk_results *res, const rk_report_opts *o)
{
    (void)res; /* the section's own unreadable files: d->load_errors */
    int errors = d->file_errors;
    rk_jw_key(w, "invocations");
    rk_jw_array(w);
    rk_jw_object(w);
    rk_jw_key(w, "executionSuccessful");
    rk_jw_bool(w, errors == 0);
    if (errors) {
        rk_jw_key(w, "toolExecutionNotifications");
        rk_jw_array(w);
        for (int i = 0; i < d->file_errors; i++) {
            rk_jw_object(w);
            rk_jw_key(w, "level");
            rk_jw_str(w, "error");
            rk_jw_key(w, "message");
            rk_jw_object(w);
            rk_jw_key(w, "text");
            rk_jw_str(w, d->load_errors[i]->message);
            rk_jw_end(w);
            put_file_location(w, d->load_errors[i]->file, o);
            rk_jw_end(w);
        }
        rk_jw_end(w);
    }
    rk_jw_end(w);
    rk_jw_end(w);
}

/* The rules come before the results but are the ones the results use: a
 * first pass into a scratch buffer collects them in order of first use. */
static void put_run(rk_jw *w, const rk_detector_score *d, const rk_results *res, const rk_report_opts *o)
{
    run_state rs = { RK_STRLIST_INIT, RK_STRLIST_INIT };
    rk_strbuf scratch = RK_STRBUF_INIT;
    rk_jw sw = rk_jw_start(&scratch, 0);
    put_results(&sw, d, &rs, o);
    rk_sb_free(&scratch);
    rk_sl_free(&rs.prints);
    rk_jw_object(w);
    put_driver(w, d, &rs, o->root);
    put_invocation(w, d, res, o);
    put_base_ids(w);
    char name[96]; /* exercise sections apart from the corpus's */
    char *category = rk_xasprintf("racekit/%s/", rk_score_name(d, name, sizeof name));
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
    rk_sl_free(&rs.prints);
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
    const rk_detector_score *d; /* every section: corpus, exercises, explore */
    for (int i = 0; (d = rk_scoreboard_section(sb, i)) != NULL; i++)
        put_run(&w, d, sb->results, o);
    rk_jw_end(&w);
    rk_jw_end(&w);
}
