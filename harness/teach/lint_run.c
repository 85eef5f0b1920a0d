/* lint_run.c - the checks of `racekit lint` that build or run the case (see
 * lint_run.h): warnings, stability over N runs, `// RACE` lines hit by the
 * reports, the run-time budget. */
#define _POSIX_C_SOURCE 200809L
#include "build/build.h"
#include "case/case.h"
#include "util/util.h"
#include "lint_findings.h"
#include "lint_run.h"
#include "judge/judge.h"
#include "sandbox/sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

extern char **environ;

enum { RESULT_MAX = 16 << 20, SOURCE_MAX = 4 << 20 };

static const char *const variants[2] = { "unsafe", "safe" };

/* One compiler diagnostic line, "path:line:col: warning: msg", as a
 * finding. Returns 1 when the line was one. */
static int add_diagnostic(const char *line, const char *id, const char *variant, rk_findings *f)
{
    static const char *const levels[] = { ": error: ", ": warning: ", ": fatal error: " };
    const char *at = NULL, *msg = NULL;
    for (int i = 0; i < 3 && !at; i++)
        if ((at = strstr(line, levels[i])) != NULL)
            msg = at + strlen(levels[i]);
    if (at == NULL)
        return 0;
    char *where = rk_xstrndup(line, (size_t)(at - line));
    int lineno = 0;
    for (int k = 0; k < 2; k++) { /* drop ":col", then read ":line" */
        char *colon = strrchr(where, ':');
        if (colon == NULL)
            break;
        if (k == 1)
            lineno = atoi(colon + 1);
        *colon = '\0';
    }
    char *text = rk_xstrdup(msg), *w = strstr(text, "[-Werror,");
    char *problem, *hint;
    if (w) {
        memmove(w + 1, w + 9, strlen(w + 9) + 1); /* "[-Werror,-Wx]" -> "[-Wx]" */
        problem = rk_xasprintf("warning: %s", text);
        hint = rk_xstrdup("shipped cases compile without warnings under -Wall -Wextra: fix the code, "
                          "do not silence the warning");
    } else {
        problem = rk_xasprintf("does not compile: %s", text);
        hint = rk_xasprintf("'%s check %s %s' shows the compiler's whole message", rk_prog(), id, variant);
    }
    rk_lint_add(f, RK_LINT_ERROR, where, lineno, problem, hint);
    free(where), free(text), free(problem), free(hint);
    return 1;
}

void rk_lint_build(const rk_case *c, const rk_meta *meta, rk_findings *f)
{
    static const char *const warn[] = { "-Wall", "-Wextra", "-Werror", NULL };
    for (int v = 0; v < 2; v++) {
        rk_build b;
        rk_build_result res;
        char *file = rk_xasprintf("%s.c", variants[v]);
        char *source = rk_case_file(c, file);
        rk_tsan_build_init(&b, "lint", c->topic, c->name, variants[v], meta->cflags, warn);
        int rc = rk_compile_syntax(&b, source, &res); /* warnings only: no code, no link */
        const char *diag = rk_sb_cstr(&res.diagnostics);
        if (rc < 0) {
            char *msg = rk_xasprintf("not compiled: %.*s", (int)strcspn(diag, "\n"), diag);
            rk_lint_add(f, RK_LINT_WARNING, source, 0, msg,
                        "install clang and its TSan runtime, or set RACEKIT_CC");
            free(msg);
        } else if (!res.ok) {
            int found = 0;
            char *copy = rk_xstrdup(diag), *save = NULL;
            for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
                found += add_diagnostic(l, c->id, variants[v], f);
            free(copy);
            if (!found) {
                char *msg = rk_xasprintf("does not compile: %.*s", (int)strcspn(diag, "\n"), diag);
                rk_lint_add(f, RK_LINT_ERROR, source, 0, msg, NULL);
                free(msg);
            }
        }
        rk_build_result_free(&res);
        rk_tsan_build_free(&b);
        free(source);
        free(file);
    }
}

/* Run `<self> check --runs N --quiet <dir> <variant>`; the exit status, or
 * -1 when it did not end normally (a finding says why). */
static int run_check(const rk_case *c, const rk_meta *meta, const rk_lint_opts *o, const char *variant,
                     const char *source, rk_strbuf *out, rk_findings *f)
{
    char runs[16];
    snprintf(runs, sizeof runs, "%d", o->runs);
    /* The case's own root (<root>/<topic>/<name>), wherever it is. */
    char *root = rk_xstrdup(c->dir);
    for (int k = 0; k < 2; k++) {
        char *slash = strrchr(root, '/');
        if (slash)
            *slash = '\0';
    }
    char *argv[] = { (char *)o->self, "check", "--runs", runs, "--quiet", "--cases-root", *root ? root : "/",
                     c->dir, (char *)variant, NULL };
    rk_spawn_opts so = RK_SPAWN_OPTS_INIT;
    so.argv = argv;
    so.envp = environ;
    /* Each run has its own timeout inside check; this only catches a
     * harness that is itself stuck. */
    so.timeout_s = o->runs * (meta->timeout + 60) + 120;
    rk_run r;
    int spawned = rk_spawn(&so, &r);
    free(root);
    if (spawned < 0) {
        char *msg = rk_xasprintf("cannot run racekit check: %s", strerror(errno));
        rk_lint_add(f, RK_LINT_ERROR, source, 0, msg, NULL);
        free(msg);
        return -1;
    }
    int status = -1;
    if (r.end == RK_END_EXIT) {
        status = r.status;
        rk_sb_add(out, r.out.buf ? r.out.buf : "", r.out.len);
        rk_sb_add(out, r.err.buf ? r.err.buf : "", r.err.len);
    } else {
        char *how = rk_end_describe(&r);
        char *msg = rk_xasprintf("racekit check %s", how);
        rk_lint_add(f, RK_LINT_ERROR, source, 0, msg, NULL);
        free(msg);
        free(how);
    }
    rk_run_free(&r);
    return status;
}

/* The string at `key` of `obj`, or "" when it is not a string. */
static const char *json_str(const rk_json *obj, const char *key)
{
    const rk_json *v = rk_json_get(obj, key);
    return v && v->type == RK_JSON_STRING ? v->str : "";
}

/* The number at `key` of `obj`, or `fallback` when it is not a number. */
static double json_num(const rk_json *obj, const char *key, double fallback)
{
    const rk_json *v = rk_json_get(obj, key);
    return v && v->type == RK_JSON_NUMBER ? v->number : fallback;
}

/* The first `// RACE` line of `source`, or 1. */
static int first_marker_line(const char *source)
{
    size_t len;
    char *text = rk_read_file(source, SOURCE_MAX, &len);
    if (text == NULL)
        return 1;
    rk_markers m;
    rk_markers_scan(text, len, &m);
    int line = m.n ? m.lines[0] : 1;
    rk_markers_free(&m);
    free(text);
    return line;
}

/* The first reported access in the variant's own file: where to point a
 * finding about the run; else the first `// RACE` line, else 1. */
static int first_access_line(const rk_json *result, const char *file, const char *source)
{
    const rk_json *reports = rk_json_get(result, "reports");
    for (int i = 0; reports && reports->type == RK_JSON_ARRAY && i < reports->n; i++) {
        const rk_json *acc = rk_json_get(&reports->items[i], "accesses");
        for (int j = 0; acc && acc->type == RK_JSON_ARRAY && j < acc->n; j++)
            if (strcmp(json_str(&acc->items[j], "file"), file) == 0)
                return (int)json_num(&acc->items[j], "line", 1);
    }
    return first_marker_line(source);
}

/* Every access of a race report that is not on a `// RACE` line. */
static void check_race_lines(const rk_json *result, const char *source, rk_findings *f)
{
    size_t len;
    char *text = rk_read_file(source, SOURCE_MAX, &len);
    if (text == NULL)
        return;
    rk_markers m;
    rk_markers_scan(text, len, &m);
    free(text);
    const rk_json *reports = rk_json_get(result, "reports");
    for (int i = 0; reports && reports->type == RK_JSON_ARRAY && i < reports->n; i++) {
        const char *kind = json_str(&reports->items[i], "kind");
        const rk_json *acc = rk_json_get(&reports->items[i], "accesses");
        for (int j = 0; rk_is_race_kind(kind) && acc && acc->type == RK_JSON_ARRAY && j < acc->n; j++) {
            const rk_json *a = &acc->items[j];
            int line = (int)json_num(a, "line", 0);
            const rk_json *w = rk_json_get(a, "write");
            int in_file = strcmp(json_str(a, "file"), "unsafe.c") == 0;
            if (in_file && rk_markers_has(&m, line))
                continue;
            char *msg = rk_xasprintf("TSan reports a %s (%s by thread T%d) at %s:%d, a line without // RACE",
                                     kind, w && w->boolean ? "write" : "read",
                                     (int)json_num(a, "thread", -1), json_str(a, "file"), line);
            rk_lint_add(f, RK_LINT_ERROR, source, in_file ? line : 1, msg,
                        "mark both sides of the race with '// RACE', and only them");
            free(msg);
        }
    }
    rk_markers_free(&m);
}

/* The line of README.md's `expect:` key, or 1. */
static int expect_line(const char *readme)
{
    char *text = rk_read_file(readme, SOURCE_MAX, NULL);
    int line = 1, found = 1;
    for (const char *p = text; p && *p; p++) {
        if ((p == text || p[-1] == '\n') && strncmp(p, "expect:", 7) == 0) {
            found = line;
            break;
        }
        line += *p == '\n';
    }
    free(text);
    return found;
}

/* "unsafe.c:12 vs unsafe.c:14": where the first report of `kind` points. */
static char *kind_where(const rk_json *res, const char *kind)
{
    const rk_json *reports = rk_json_get(res, "reports");
    rk_strbuf sb = RK_STRBUF_INIT;
    for (int i = 0; reports && reports->type == RK_JSON_ARRAY && i < reports->n && sb.len == 0; i++) {
        if (strcmp(json_str(&reports->items[i], "kind"), kind) != 0)
            continue;
        static const char *const lists[] = { "accesses", "locations" };
        for (int l = 0; l < 2 && sb.len == 0; l++) {
            const rk_json *items = rk_json_get(&reports->items[i], lists[l]);
            for (int j = 0; items && items->type == RK_JSON_ARRAY && j < items->n && j < 2; j++)
                rk_sb_printf(&sb, "%s%s:%d", j ? " vs " : "", json_str(&items->items[j], "file"),
                             (int)json_num(&items->items[j], "line", 0));
        }
    }
    return rk_sb_detach(&sb);
}

/* A warning per kind the unsafe run reported that expect does not list:
 * the case teaches one bug and its run shows another as well. */
static void check_unexpected_kinds(const rk_case *c, const rk_json *res, rk_findings *f)
{
    const rk_json *kinds = rk_json_get(res, "unexpected_kinds");
    if (kinds == NULL || kinds->type != RK_JSON_ARRAY || kinds->n == 0)
        return;
    char *readme = rk_case_file(c, "README.md");
    int line = expect_line(readme);
    for (int i = 0; i < kinds->n; i++) {
        if (kinds->items[i].type != RK_JSON_STRING)
            continue;
        char *where = kind_where(res, kinds->items[i].str);
        /* in check's words ("TSan also reported ...", classify.c) */
        const rk_json *det = rk_json_get(res, "detector");
        const rk_detector *d = det && det->type == RK_JSON_STRING ? rk_detector_find(det->str) : NULL;
        char *msg = rk_xasprintf("unsafe.c: %s also reported %s%s%s%s, which expect does not list",
                                 d && d->display_name ? d->display_name : "TSan", kinds->items[i].str,
                                 *where ? " (" : "", where, *where ? ")" : "");
        rk_lint_add(f, RK_LINT_WARNING, readme, line, msg,
                    "list it in expect (or expect.<detector>) if the case means to show it, or make unsafe.c "
                    "show only its own bug");
        free(msg);
        free(where);
    }
    free(readme);
}

/* Findings from one variant's result file. */
static void judge_result(const rk_case *c, const rk_meta *meta, int v,
                         const char *source, const rk_json *res, rk_findings *f, rk_lint_summary *s)
{
    char file[16];
    snprintf(file, sizeof file, "%s.c", variants[v]);
    int runs = (int)json_num(res, "runs", 0), passed = (int)json_num(res, "runs_passed", 0);
    const char *reason = json_str(res, "reason");
    if (strcmp(json_str(res, "verdict"), "pass") != 0) {
        char *msg = passed == 0 ? rk_xasprintf("%s fails: %s", file, reason)
                                : rk_xasprintf("%s is unstable: it got its verdict in %d of %d runs: %s",
                                               file, passed, runs, reason);
        /* A schedule-dependent bug is the scheduler's to judge; a TSan kind
         * needs both accesses in one run, which the barrier arranges. */
        int by_schedule = rk_expect_schedule_dependent(&meta->expect);
        char *hint = passed == 0 ? rk_xasprintf("'%s check %s %s' shows the run", rk_prog(), c->id, variants[v])
                     : by_schedule
                         ? rk_xasprintf("this bug shows only under some schedules, and racekit's scheduler judges "
                                        "it with the runs: when it finds no failing schedule either, make the "
                                        "bug reachable in a short program (no sleeps, no long loops), then "
                                        "'%s explore %s %s' shows the schedule and its replay string "
                                        "(docs/exploration.md)",
                                        rk_prog(), c->id, variants[v])
                         : rk_xstrdup("force the interleaving with the ordering barrier "
                                      "(racekit_order_wait), never with sleep or long loops; "
                                      "see docs/adding-a-case.md");
        rk_lint_add(f, RK_LINT_ERROR, source, first_access_line(res, file, source), msg, hint);
        free(msg);
        free(hint);
    }
    if (v == 0) {
        check_race_lines(res, source, f);
        check_unexpected_kinds(c, res, f);
    }
    double median = json_num(res, "duration_s", -1);
    s->median_s[v] = median;
    double budget = meta->budget > 0 ? meta->budget : RK_LINT_BUDGET_S;
    int hangs = v == 0 && rk_sl_contains(rk_meta_expect_for(meta, "tsan"), "hang");
    if (median > budget && !hangs) {
        char *msg = rk_xasprintf("the median TSan run takes %.2f s, over the budget of %g s", median, budget);
        rk_lint_add(f, RK_LINT_WARNING, source, 1, msg,
                    "keep runs short (few iterations; order threads with the barrier, not with long "
                    "loops), or raise the budget with 'budget: <seconds> <reason>'");
        free(msg);
    }
}

/* 1 when the check result `result` is newer than every input of its
 * verdict (the variant, the case's README with its expect, racekit.h, the
 * hook and this racekit) and has at least `runs` runs: what a check now
 * would find, so `--reuse-results` takes it instead of running again. */
static int result_is_fresh(const char *result, const rk_case *c, const char *source, int runs, const char *self)
{
    struct stat r;
    if (stat(result, &r) != 0)
        return 0;
    char *readme = rk_case_file(c, "README.md");
    char *header = rk_path_join(rk_paths_get()->include_dir, "racekit.h");
    const char *inputs[] = { source, readme, header, rk_paths_get()->hook_source, self };
    int fresh = 1;
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0] && fresh; i++) {
        struct stat s;
        fresh = stat(inputs[i], &s) == 0 &&
                (s.st_mtim.tv_sec < r.st_mtim.tv_sec ||
                 (s.st_mtim.tv_sec == r.st_mtim.tv_sec && s.st_mtim.tv_nsec < r.st_mtim.tv_nsec));
    }
    free(readme);
    free(header);
    size_t len;
    char *json = fresh ? rk_read_file(result, RESULT_MAX, &len) : NULL;
    rk_json doc;
    rk_json_error err;
    if (json && rk_json_parse(json, len, &doc, &err) == 0) {
        fresh = json_num(&doc, "runs", 0) >= runs;
        rk_json_free(&doc);
    } else {
        fresh = 0;
    }
    free(json);
    return fresh;
}

void rk_lint_runs(const rk_case *c, const rk_meta *meta, const rk_lint_opts *o,
                  rk_findings *f, rk_lint_summary *s)
{
    s->runs = o->runs;
    for (int v = 0; v < 2; v++) {
        char *file = rk_xasprintf("%s.c", variants[v]);
        char *source = rk_case_file(c, file);
        rk_strbuf out = RK_STRBUF_INIT;
        char *path = rk_xasprintf("%s/results/tsan/%s/%s.json", rk_paths_get()->build_dir, c->id, variants[v]);
        int status = o->reuse && result_is_fresh(path, c, source, o->runs, o->self)
                         ? 0 /* judged below from the result, pass or fail */
                         : run_check(c, meta, o, variants[v], source, &out, f);
        const char *text = rk_sb_cstr(&out);
        size_t len;
        char *json = status == 0 || status == 1 ? rk_read_file(path, RESULT_MAX, &len) : NULL;
        rk_json res;
        rk_json_error jerr;
        if (status == 77) {
            char *msg = rk_xasprintf("not run: %.*s", (int)strcspn(text, "\n"), text);
            rk_lint_add(f, RK_LINT_WARNING, source, 0, msg, NULL);
            free(msg);
        } else if (json && rk_json_parse(json, len, &res, &jerr) == 0) {
            judge_result(c, meta, v, source, &res, f, s);
            rk_json_free(&res);
        } else if (status >= 0) {
            char *msg = rk_xasprintf("racekit check gave no result (status %d): %.*s", status,
                                     (int)strcspn(text, "\n"), text);
            rk_lint_add(f, RK_LINT_ERROR, source, 0, msg, NULL);
            free(msg);
        }
        free(json), free(path), free(source), free(file);
        rk_sb_free(&out);
    }
}
