/* test_scoreboard.c - result files read back and scored: the counts and
 * metrics of the fixture results (data/report/), a safe variant broken on
 * purpose turning into FP = 1, and a damaged file becoming one error line. */
#define _POSIX_C_SOURCE 200809L
#include "util/util.h"
#include "results/results.h"
#include "tests/rk_test.h"
#include "report/scoreboard.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REPORT_DATA RK_DATA_DIR "/report"

static const rk_detector_score *detector(const rk_scoreboard *sb, const char *name)
{
    for (int i = 0; i < sb->n; i++)
        if (strcmp(sb->items[i].detector, name) == 0)
            return &sb->items[i];
    return NULL;
}

static char *totals(const rk_detector_score *d)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_totals_line(d, &sb);
    return rk_sb_detach(&sb);
}

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *text = rk_read_file(from, 1 << 24, &len);
    RK_EXPECT(text != NULL);
    RK_EXPECT_INT(rk_write_file_atomic(to, text ? text : "", text ? len : 0), 0);
    free(text);
}

/* A scratch copy of data/report/clean (three cases, all passing). */
static char *clean_copy(void)
{
    char tmpl[] = "/tmp/rk-scoreboard-XXXXXX";
    char *dir = rk_xstrdup(mkdtemp(tmpl));
    static const char *const files[] = {
        "tsan/basics/tally/unsafe.json", "tsan/basics/tally/safe.json",
        "tsan/deadlock/stuck/unsafe.json", "tsan/deadlock/stuck/safe.json",
        "tsan/limits/blind-spot/unsafe.json", "tsan/limits/blind-spot/safe.json",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *from = rk_xasprintf("%s/clean/%s", REPORT_DATA, files[i]);
        char *to = rk_path_join(dir, files[i]);
        copy_file(from, to);
        free(from);
        free(to);
    }
    return dir;
}

static void remove_tree(const char *dir)
{
    char *cmd = rk_xasprintf("rm -rf '%s'", dir);
    RK_EXPECT_INT(system(cmd), 0);
    free(cmd);
}

static int load(const char *dir, rk_results *res, rk_scoreboard *sb)
{
    char err[512];
    const char *dirs[] = { dir };
    int rc = rk_results_load(dirs, 1, res, err, sizeof err);
    rk_scoreboard_build(res, sb);
    return rc;
}

/* The acceptance test: all safe variants clean gives FP = 0 and
 * precision 1; replacing one safe result by a run of a broken fix (it
 * reports a data race) gives FP = 1 and precision below 1. */
static void test_broken_safe_variant_is_a_false_positive(void)
{
    char *dir = clean_copy();
    rk_results res;
    rk_scoreboard sb;
    rk_metrics m;
    RK_EXPECT_INT(load(dir, &res, &sb), 0);
    const rk_detector_score *d = detector(&sb, "tsan");
    RK_EXPECT(d != NULL);
    rk_score_metrics(d, &m);
    RK_EXPECT_INT(d->fp, 0);
    RK_EXPECT_INT(d->tn, 3);
    RK_EXPECT(m.precision == 1.0);
    rk_scoreboard_free(&sb);
    rk_results_free(&res);

    char *safe = rk_path_join(dir, "tsan/basics/tally/safe.json");
    copy_file(REPORT_DATA "/broken-tally-safe.json", safe);
    RK_EXPECT_INT(load(dir, &res, &sb), 0);
    d = detector(&sb, "tsan");
    rk_score_metrics(d, &m);
    RK_EXPECT_INT(d->fp, 1);
    RK_EXPECT_INT(d->tn, 2);
    RK_EXPECT_INT(d->tp, 1);
    RK_EXPECT(m.precision < 1.0);
    RK_EXPECT(fabs(m.precision - 0.5) < 1e-9);
    char *line = totals(d);
    RK_EXPECT_STR(line, "3 cases: 3/3 unsafe as expected, 1 false alarms, 0 missed, 0 errors");
    RK_EXPECT_STR(d->pairs[0].case_id, "basics/tally"); /* failing case first */
    free(line);
    rk_scoreboard_free(&sb);
    rk_results_free(&res);
    free(safe);
    remove_tree(dir);
    free(dir);
}

/* Every count of the mixed fixture set (docs/results.md defines them). */
static void test_fixture_counts(void)
{
    rk_results res;
    rk_scoreboard sb;
    rk_metrics m;
    RK_EXPECT_INT(load(REPORT_DATA "/results", &res, &sb), 0);
    RK_EXPECT_INT(res.n, 16);
    RK_EXPECT_INT(res.n_errors, 0);
    RK_EXPECT_INT(sb.n, 2);
    RK_EXPECT_STR(sb.items[0].detector, "tsan"); /* sorted by name */
    RK_EXPECT_STR(sb.items[1].detector, "tsan-gcc");
    const rk_detector_score *d = detector(&sb, "tsan");
    char *line = totals(d);
    RK_EXPECT_STR(line, "7 cases: 6/7 unsafe as expected, 1 false alarms, 1 missed, 1 errors");
    free(line);
    /* Positives: tally, broken-fix, typo (TP); silent (FN); blind-spot (known FN).
     * Negatives: six clean safe variants (TN) and broken-fix (FP); typo's
     * build error is not scored, nor are the balance and stuck unsafe ones. */
    RK_EXPECT_INT(d->tp, 3);
    RK_EXPECT_INT(d->fn, 2);
    RK_EXPECT_INT(d->known_fn, 1);
    RK_EXPECT_INT(d->tn, 5);
    RK_EXPECT_INT(d->fp, 1);
    RK_EXPECT_INT(d->unscored, 3);
    RK_EXPECT_INT(d->other_total, 2);
    RK_EXPECT_INT(d->other_pass, 2);
    RK_EXPECT_INT(d->outcomes[RK_OUT_HANG], 1);
    RK_EXPECT_INT(d->outcomes[RK_OUT_BUILD_ERROR], 1);
    RK_EXPECT_INT(d->outcomes[RK_OUT_INVARIANT], 1);
    rk_score_metrics(d, &m);
    RK_EXPECT(fabs(m.precision - 0.75) < 1e-9);
    RK_EXPECT(fabs(m.recall - 0.6) < 1e-9);
    RK_EXPECT(fabs(m.specificity - 5.0 / 6) < 1e-9);
    RK_EXPECT(fabs(m.f1 - 6.0 / 9) < 1e-9);
    RK_EXPECT(fabs(m.accuracy - 8.0 / 11) < 1e-9);
    RK_EXPECT_INT(m.svcomp, 2 * 5 + 3 - 16 * 1 - 32 * 2);
    /* Lines: three races reported on their marked line; silent and
     * blind-spot have a marked line nobody reported. */
    RK_EXPECT_INT(d->lines_reported, 3);
    RK_EXPECT_INT(d->lines_matched, 3);
    RK_EXPECT_INT(d->lines_marked, 5);
    RK_EXPECT(m.line_precision == 1.0);
    RK_EXPECT(fabs(m.line_recall - 0.6) < 1e-9);
    RK_EXPECT_INT(d->compilers.n, 1);
    /* Failing cases first, each group in case order. */
    const char *order[] = { "basics/broken-fix", "basics/silent", "build/typo", "basics/tally",
                            "deadlock/stuck", "invariants/balance", "limits/blind-spot" };
    RK_EXPECT_INT(d->n_pairs, 7);
    for (int i = 0; i < d->n_pairs && i < 7; i++)
        RK_EXPECT_STR(d->pairs[i].case_id, order[i]);
    rk_scoreboard_free(&sb);
    rk_results_free(&res);
}

static void test_row_classes(void)
{
    rk_results res;
    rk_scoreboard sb;
    RK_EXPECT_INT(load(REPORT_DATA "/results", &res, &sb), 0);
    static const struct {
        const char *case_id, *variant, *cls;
    } want[] = {
        { "basics/tally", "unsafe", "TP" },     { "basics/tally", "safe", "TN" },
        { "basics/broken-fix", "safe", "FP" },  { "basics/silent", "unsafe", "FN" },
        { "limits/blind-spot", "unsafe", "FN" }, { "build/typo", "safe", NULL },
        { "deadlock/stuck", "unsafe", NULL },   { "invariants/balance", "unsafe", NULL },
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const rk_row *row = NULL;
        for (int i = 0; i < res.n; i++)
            if (strcmp(res.rows[i].detector, "tsan") == 0 && strcmp(res.rows[i].case_id, want[k].case_id) == 0 &&
                strcmp(res.rows[i].variant, want[k].variant) == 0)
                row = &res.rows[i];
        RK_EXPECT(row != NULL);
        const char *got = row ? rk_class_name(rk_row_class(row)) : "?";
        if (want[k].cls)
            RK_EXPECT_STR(got, want[k].cls);
        else
            RK_EXPECT(got == NULL);
    }
    rk_scoreboard_free(&sb);
    rk_results_free(&res);
}

struct damaged {
    const char *text;
    const char *message;
};

/* Each kind of damage gives one line naming the file and the problem. */
static void test_damaged_result_text(void)
{
    static const struct damaged cases[] = {
        { "{\"case\": \"a/b\",\n \"variant\" \"unsafe\"}",
          "x.json:2: not valid JSON: expected ':' after the member name, found '\"' (byte 27)" },
        { "", "x.json:1: not valid JSON: expected a value, found the end of the text (byte 0)" },
        { "[1]", "x.json: a result file holds one JSON object, not array" },
        { "{\"case\": \"a/b\"}", "x.json: missing required field 'variant'" },
        { "{\"case\": \"a/b\", \"variant\": \"unsafe\", \"detector\": \"tsan\", \"compiler\": null, "
          "\"expect\": [], \"outcome\": \"clean\", \"kinds\": [], \"verdict\": \"pass\", \"reason\": \"r\", "
          "\"runs\": \"1\"}",
          "x.json: field 'runs' must be a number, not a string" },
        { "{\"case\": \"a/b\", \"variant\": \"unsafe\", \"detector\": \"tsan\", \"compiler\": null, "
          "\"expect\": [], \"outcome\": \"exploded\", \"kinds\": [], \"verdict\": \"pass\", \"reason\": \"r\", "
          "\"runs\": 1, \"runs_detected\": 0, \"duration_s\": 0.1, \"reports\": [], \"line_match\": null}",
          "x.json: field 'outcome' has an unknown value 'exploded' (known: clean, reported, invariant, "
          "hang, crash, exit, tool-error, build-error)" },
        { "{\"case\": \"a/b\", \"variant\": \"unsafe\", \"detector\": \"tsan\", \"compiler\": null, "
          "\"expect\": [], \"outcome\": \"clean\", \"kinds\": [], \"verdict\": \"pass\", \"reason\": \"r\", "
          "\"runs\": 1, \"runs_detected\": 0, \"duration_s\": 0.1, \"reports\": [{\"kind\": \"data-race\"}], "
          "\"line_match\": null}",
          "x.json: missing required field 'accesses'" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rk_row row;
        char err[512] = "";
        RK_EXPECT_INT(rk_row_parse("x.json", NULL, cases[i].text, strlen(cases[i].text), &row, err, sizeof err), -1);
        RK_EXPECT_STR(err, cases[i].message);
        RK_EXPECT(row.case_id == NULL);
    }
}

/* A file whose fields name another result than its place in the tree. */
static void test_misplaced_result(void)
{
    size_t len;
    char *text = rk_read_file(REPORT_DATA "/results/tsan/basics/tally/unsafe.json", 1 << 24, &len);
    rk_row row;
    char err[512] = "";
    RK_EXPECT_INT(rk_row_parse("f", "tsan/basics/tally/safe.json", text, len, &row, err, sizeof err), -1);
    RK_EXPECT_STR(err, "f: its fields name tsan/basics/tally/unsafe but the file sits at "
                       "tsan/basics/tally/safe.json (want tsan/basics/tally/unsafe.json)");
    RK_EXPECT_INT(rk_row_parse("f", "tsan/basics/tally/unsafe.json", text, len, &row, err, sizeof err), 0);
    RK_EXPECT_STR(row.reason, "data-race reported as expected (unsafe.c:12 vs unsafe.c:12)");
    RK_EXPECT_INT(row.reports.n, 1);
    RK_EXPECT_INT(row.n_race_lines, 1);
    rk_row_free(&row);
    free(text);
}

/* Damaged files become errors; every other result is still read. */
static void test_load_keeps_going(void)
{
    char *dir = clean_copy();
    char *bad = rk_path_join(dir, "tsan/basics/tally/safe.json");
    RK_EXPECT_INT(rk_write_file_atomic(bad, "{\"case\": ", 9), 0);
    char *stray = rk_path_join(dir, "tsan/basics/tally/notes.txt"); /* not a result: ignored */
    RK_EXPECT_INT(rk_write_file_atomic(stray, "x", 1), 0);
    rk_results res;
    rk_scoreboard sb;
    RK_EXPECT_INT(load(dir, &res, &sb), 0);
    RK_EXPECT_INT(res.n, 5);
    RK_EXPECT_INT(res.n_errors, 1);
    if (res.n_errors == 1) {
        RK_EXPECT_STR(res.errors[0].detector, "tsan");
        char *want = rk_xasprintf("%s:1: not valid JSON: expected a value, found the end of the text (byte 9)", bad);
        RK_EXPECT_STR(res.errors[0].message, want);
        free(want);
    }
    char *line = totals(detector(&sb, "tsan"));
    RK_EXPECT_STR(line, "3 cases: 3/3 unsafe as expected, 0 false alarms, 0 missed, 1 errors");
    free(line);
    rk_scoreboard_free(&sb);
    rk_results_free(&res);
    /* The same folder twice: every result is a duplicate of the first read. */
    const char *dirs[] = { dir, dir };
    char err[512];
    RK_EXPECT_INT(rk_results_load(dirs, 2, &res, err, sizeof err), 0);
    RK_EXPECT_INT(res.n, 5);
    RK_EXPECT_INT(res.n_errors, 1 + 1 + 5);
    rk_results_free(&res);
    const char *missing[] = { "/nonexistent/results" };
    RK_EXPECT_INT(rk_results_load(missing, 1, &res, err, sizeof err), -1);
    RK_EXPECT_STR(err, "/nonexistent/results: No such file or directory");
    rk_results_free(&res);
    free(bad);
    free(stray);
    remove_tree(dir);
    free(dir);
}

static void test_paths(void)
{
    RK_EXPECT_STR(rk_path_under_root("/repo/cases/a/b/unsafe.c", "/repo"), "cases/a/b/unsafe.c");
    RK_EXPECT_STR(rk_path_under_root("/repo/cases/a/b/unsafe.c", "/repo/"), "cases/a/b/unsafe.c");
    RK_EXPECT_STR(rk_path_under_root("/repository/x.c", "/repo"), "/repository/x.c");
    RK_EXPECT_STR(rk_path_under_root("cases/x.c", "/repo"), "cases/x.c");
    char *p = rk_path_from_root("cases/x.c", "/repo");
    RK_EXPECT_STR(p, "/repo/cases/x.c");
    free(p);
    p = rk_path_from_root("/abs/x.c", "/repo");
    RK_EXPECT_STR(p, "/abs/x.c");
    free(p);
}

int main(void)
{
    RK_RUN(test_broken_safe_variant_is_a_false_positive);
    RK_RUN(test_fixture_counts);
    RK_RUN(test_row_classes);
    RK_RUN(test_damaged_result_text);
    RK_RUN(test_misplaced_result);
    RK_RUN(test_load_keeps_going);
    RK_RUN(test_paths);
    return rk_test_done();
}
