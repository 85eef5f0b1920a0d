/* check_finish.c - the end of `racekit check`: the result file and the
 * verdict line (see check.h). */
#define _GNU_SOURCE
#include "judge/judge.h"
#include "util/util.h"
#include "check_judges.h"
#include "result.h"
#include "results_load.h"
#include "build/build.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SHOWN_LINES = 40, SHOWN_WARNINGS = 10 };

/* Print up to SHOWN_LINES lines of `text`, indented, for a failure. */
static void show_excerpt(const char *title, const char *text, size_t len)
{
    if (len == 0)
        return;
    printf("  --- %s ---\n", title);
    int lines = 0;
    for (const char *p = text, *end = text + len; p < end && lines < SHOWN_LINES; lines++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        printf("  %.*s\n", (int)n, p);
        p = nl ? nl + 1 : end;
    }
}

/* The line of `text` that ends the program with `status`: "return N;",
 * "exit(N)" or "_exit(N)" (EXIT_FAILURE for 1), else the last "return" of
 * main; 0 when there is none. */
static int status_line(const char *text, int status)
{
    char lit[3][32];
    snprintf(lit[0], sizeof lit[0], "return %d;", status);
    snprintf(lit[1], sizeof lit[1], "exit(%d)", status);
    snprintf(lit[2], sizeof lit[2], "EXIT_FAILURE");
    int n_lit = status == 1 ? 3 : 2;
    int line = 1, in_main = 0, depth = 0, last_return = 0;
    for (const char *p = text; p && *p; p++) {
        if (*p == '\n') {
            line++;
            continue;
        }
        for (int i = 0; i < n_lit; i++)
            if (strncmp(p, lit[i], strlen(lit[i])) == 0)
                return line;
        if (!in_main && strncmp(p, "main(", 5) == 0 && (p == text || p[-1] == ' ' || p[-1] == '\n'))
            in_main = 1;
        else if (in_main == 1 && *p == '{')
            in_main = 2, depth = 1;
        else if (in_main == 2 && *p == '{')
            depth++;
        else if (in_main == 2 && *p == '}' && --depth == 0)
            in_main = 3;
        else if (in_main == 2 && strncmp(p, "return", 6) == 0 && !isalnum((unsigned char)p[6]))
            last_return = line;
    }
    return last_return;
}

/* The line N of the first "<file>:N" in `text` whose file is `file` (its
 * base name, not the tail of another: "safe.c" is not in "unsafe.c:3");
 * 0 when there is none. */
static int line_in(const char *text, const char *file)
{
    size_t len = strlen(file);
    for (const char *at = strstr(text, file); at; at = strstr(at + 1, file)) {
        int alone = at == text || strchr(" /(\t\n'`", at[-1]) != NULL;
        if (alone && at[len] == ':' && atoi(at + len + 1) > 0)
            return atoi(at + len + 1);
    }
    return 0;
}

/* The line of the variant a failure points at, 0 for none: the first
 * reported access (else location) in the variant's file, the failed check,
 * the first call the detector cannot see, the compiler's first message
 * about the file, for a non-zero exit the statement that chose the status,
 * for a hang the first place the stacks found a thread waiting in the
 * variant, for a crash the variant's first frame the runtime printed,
 * else the first `// RACE` line of an unsafe variant. A crash or a safe
 * variant's hang with nothing of the above has no line. */
static int failure_line(const struct check *k, const struct check_run *shown)
{
    for (int i = 0; shown && i < shown->reports.n; i++) {
        const rk_report *r = &shown->reports.items[i];
        for (int j = 0; j < r->n_accesses; j++)
            if (strcmp(rk_basename(r->accesses[j].frame.file), k->variant_file) == 0)
                return r->accesses[j].frame.line;
        for (int j = 0; j < r->n_locations; j++)
            if (strcmp(rk_basename(r->locations[j].file), k->variant_file) == 0)
                return r->locations[j].line;
    }
    if (shown && shown->invariant.failed && shown->invariant.file &&
        strcmp(shown->invariant.file, k->variant_file) == 0)
        return shown->invariant.line;
    for (int i = 0; i < k->unseen.n; i++)
        if (k->unseen.calls[i].line > 0)
            return k->unseen.calls[i].line;
    if (shown == NULL && line_in(rk_sb_cstr(&k->built.diagnostics), k->variant_file) > 0)
        return line_in(rk_sb_cstr(&k->built.diagnostics), k->variant_file);
    /* a hang: where the stacks found a thread waiting; a crash: the
     * first frame of the variant in what the runtime printed */
    if (shown && shown->outcome == RK_OUT_HANG && shown->stacks && line_in(shown->stacks, k->variant_file) > 0)
        return line_in(shown->stacks, k->variant_file);
    if (shown && shown->outcome == RK_OUT_CRASH && line_in(rk_sb_cstr(&shown->run.err), k->variant_file) > 0)
        return line_in(rk_sb_cstr(&shown->run.err), k->variant_file);
    if (shown && shown->outcome == RK_OUT_EXIT) {
        char *text = rk_read_file(k->source, 16 << 20, NULL);
        int line = status_line(text, shown->run.status);
        free(text);
        if (line > 0)
            return line;
    }
    return k->markers.n > 0 && strcmp(k->opt.variant, "unsafe") == 0 ? k->markers.lines[0] : 0;
}

/* The verdict line, then the compiler's warnings and, on a failure, the
 * relevant output (unless --quiet). */
static void print_verdict(const struct check *k, const struct check_run *shown, const rk_result *res,
                          int runs, int passed)
{
    int pass = strcmp(res->verdict, "pass") == 0;
    printf("%s %s/%s: %s", pass ? "PASS" : "FAIL", k->c.id, k->opt.variant, res->reason);
    /* A run that failed has its count in the reason ("(in 8 of 10 runs)"):
     * only a count of the same sense follows. */
    if (runs > 1 && passed == runs)
        printf(" (in all %d runs)", runs);
    if (!pass) { /* where a CI problem matcher puts the annotation */
        int line = failure_line(k, shown);
        const char *file = rk_path_under_root(k->source, rk_paths_get()->source_dir);
        if (line > 0)
            printf(" at %s:%d", file, line);
        else
            printf(" at %s", file);
    }
    printf("\n");
    if (k->sched && k->sched->replay)
        rk_print_prog_command("  replay: ", k->sched->replay);
    /* A run whose schedule hid the bug proves nothing: say who judges it. */
    if (!pass && shown && k->sched == NULL && strcmp(k->opt.variant, "unsafe") == 0 &&
        rk_expect_schedule_dependent(&k->meta.expect))
        printf("  this bug shows only under some schedules and no run here showed it: racekit's scheduler "
               "judges it (%s explore %s unsafe; docs/exploration.md)\n", rk_prog(), k->c.id);
    for (int i = 0; i < res->warnings->n && i < SHOWN_WARNINGS; i++)
        printf("  warning: %s\n", res->warnings->items[i]);
    if (res->warnings->n > SHOWN_WARNINGS)
        printf("  (%d more warnings in the result file)\n", res->warnings->n - SHOWN_WARNINGS);
    if (!pass && !k->opt.quiet) {
        if (shown == NULL)
            show_excerpt("compiler", res->build_log, strlen(res->build_log));
        else
            show_excerpt("stderr", rk_sb_cstr(&shown->run.err), shown->run.err.len);
        if (shown && shown->stacks)
            show_excerpt("thread stacks at the timeout", shown->stacks, strlen(shown->stacks));
    }
}

/* Write `res` atomically to its place; an interrupt waits until the file
 * is whole (spawn.h). Returns 0 or -1 (message printed). */
static int write_result(const struct check *k, const rk_result *res)
{
    char *path = rk_xasprintf("%s/results/%s/%s/%s.json", rk_paths_get()->build_dir, k->opt.detector,
                              k->c.id, k->opt.variant);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT), sigaddset(&block, SIGTERM), sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old);
    int rc = rk_result_write(res, path);
    if (rc < 0)
        rk_error("%s: cannot write the result: %s", path, strerror(errno));
    sigprocmask(SIG_SETMASK, &old, NULL);
    free(path);
    return rc;
}

/* A pass that rests on one run's schedule is not for the test cache to
 * keep: say so where `racekit cached` looks (RACEKIT_CACHE_NOTE). */
static void note_luck(const char *reason)
{
    const char *note = getenv("RACEKIT_CACHE_NOTE");
    if (note && *note && rk_write_file_atomic(note, reason, strlen(reason)) < 0)
        rk_error("%s: cannot write the cache note: %s", note, strerror(errno));
}

int check_finish(struct check *k, struct check_run *shown, int runs, int passed, int detected,
                 const int *counts, double dur)
{
    rk_result res;
    memset(&res, 0, sizeof res);
    rk_strlist kinds = RK_STRLIST_INIT, unexpected = RK_STRLIST_INIT, warnings = RK_STRLIST_INIT;
    int safe = strcmp(k->opt.variant, "safe") == 0;
    if (shown) {
        rk_report_kinds(&shown->reports, &kinds);
        rk_unexpected_kinds(&shown->reports, safe ? k->false_alarms : k->expect, &unexpected);
    }
    rk_warnings_parse(rk_sb_cstr(&k->built.diagnostics), &warnings);
    int check_pass = runs > 0 && passed == runs;
    res.case_id = k->c.id;
    res.variant = k->opt.variant;
    res.detector = k->opt.detector;
    res.compiler = k->compiler;
    res.title = k->meta.title;
    res.source = k->source;
    res.expect = k->expect;
    res.outcome = shown ? shown->outcome : RK_OUT_BUILD_ERROR;
    res.kinds = &kinds;
    res.unexpected_kinds = &unexpected;
    res.warnings = &warnings;
    res.unseen = &k->unseen;
    char *reason = shown ? rk_xstrdup(shown->reason)
                         : rk_xstrdup("the variant does not compile (see the compiler's message)");
    if (runs > 1 && !check_pass) {
        char *counted = rk_xasprintf("%s (in %d of %d runs)", reason, runs - passed, runs);
        free(reason);
        reason = counted;
    }
    check_judgement j;
    check_judges_combine(k, check_pass, reason, &j);
    free(reason);
    reason = j.reason;
    int pass = j.pass;
    res.verdict = pass ? "pass" : "fail";
    res.reason = reason;
    res.judged_by = j.judged_by;
    res.scheduler = k->sched;
    res.runs = runs;
    res.runs_passed = passed;
    res.runs_detected = detected;
    memcpy(res.outcome_counts, counts, sizeof res.outcome_counts);
    res.duration_s = dur;
    res.reports = shown ? &shown->reports : NULL;
    res.line_match = shown ? rk_line_match(&shown->reports, &k->markers, k->variant_file) : -1;
    res.markers = &k->markers;
    res.tsan_options = k->tsan_options;
    res.run = shown ? &shown->run : NULL;
    res.build_log = rk_sb_cstr(&k->built.diagnostics);
    res.build_cached = k->built.cached;
    res.build_s = k->built.duration_s;
    res.aslr_disabled = shown ? shown->aslr_disabled : 0;
    res.state_protected = k->state_protected;
    res.exercise = rk_exercise_is(k->c.dir);
    res.work_measured = shown ? shown->work.measured && k->work_probe : 0;
    res.work_writes = shown ? shown->work.writes : 0;
    res.work_outputs = shown ? shown->work.outputs : 0;
    res.stacks = shown ? shown->stacks : NULL;
    res.witness = k->have_witness ? &k->witness : NULL;
    res.total_s = rk_now() - k->start;

    int rc = write_result(k, &res);
    print_verdict(k, shown, &res, runs, passed);
    if (j.luck)
        note_luck(reason);
    free(reason);
    rk_sl_free(&kinds);
    rk_sl_free(&unexpected);
    rk_sl_free(&warnings);
    return rc < 0 ? RK_EXIT_USAGE : pass ? RK_EXIT_PASS : RK_EXIT_FAIL;
}
