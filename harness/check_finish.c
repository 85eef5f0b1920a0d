/* check_finish.c - the end of `racekit check`: the result file and the
 * verdict line (see check.h). */
#define _GNU_SOURCE
#include "check.h"
#include "commands.h"
#include "fsutil.h"
#include "paths.h"
#include "result.h"
#include "results_load.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SHOWN_LINES = 40 };

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

/* The line of the variant a failure points at: the first reported access
 * (else location) in the variant's file, the failed check, the compiler's
 * first message about the file, else the first `// RACE` line, else 1. */
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
    const char *log = rk_sb_cstr(&k->built.diagnostics);
    for (const char *at = strstr(log, k->variant_file); shown == NULL && at; at = strstr(at + 1, k->variant_file))
        if (at[strlen(k->variant_file)] == ':' && atoi(at + strlen(k->variant_file) + 1) > 0)
            return atoi(at + strlen(k->variant_file) + 1);
    return k->markers.n > 0 ? k->markers.lines[0] : 1;
}

/* Fill a result from the run shown and the tallies, write it, print. */
int check_finish(struct check *k, struct check_run *shown, int runs, int passed, int detected,
                  const int *counts, double dur)
{
    rk_result res;
    memset(&res, 0, sizeof res);
    rk_strlist kinds = RK_STRLIST_INIT;
    if (shown)
        rk_report_kinds(&shown->reports, &kinds);
    int pass = runs > 0 && passed == runs;
    res.case_id = k->c.id;
    res.variant = k->opt.variant;
    res.detector = k->opt.detector;
    res.compiler = k->compiler;
    res.title = k->meta.title;
    res.source = k->source;
    res.expect = k->expect;
    res.outcome = shown ? shown->outcome : RK_OUT_BUILD_ERROR;
    res.kinds = &kinds;
    res.verdict = pass ? "pass" : "fail";
    char *reason = shown ? rk_xstrdup(shown->reason)
                         : rk_xstrdup("the variant does not compile (see the compiler's message)");
    if (runs > 1 && !pass) {
        char *counted = rk_xasprintf("%s (in %d of %d runs)", reason, runs - passed, runs);
        free(reason);
        reason = counted;
    }
    res.reason = reason;
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
    res.stacks = shown ? shown->stacks : NULL;
    res.witness = k->have_witness ? &k->witness : NULL;
    res.total_s = rk_now() - k->start;

    char *path = rk_xasprintf("%s/results/%s/%s/%s.json", rk_paths_get()->build_dir, k->opt.detector,
                              k->c.id, k->opt.variant);
    /* An interrupt waits until the file is whole (spawn.h). */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT), sigaddset(&block, SIGTERM), sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old);
    int rc = rk_result_write(&res, path);
    if (rc < 0)
        rk_error("%s: cannot write the result: %s", path, strerror(errno));
    sigprocmask(SIG_SETMASK, &old, NULL);

    printf("%s %s/%s: %s", pass ? "PASS" : "FAIL", k->c.id, k->opt.variant, reason);
    if (runs > 1)
        printf(" [%d/%d runs]", passed, runs);
    if (!pass) /* where a CI problem matcher puts the annotation */
        printf(" at %s:%d", rk_path_under_root(k->source, rk_paths_get()->source_dir),
               failure_line(k, shown));
    printf("\n");
    if (!pass && !k->opt.quiet) {
        if (shown == NULL)
            show_excerpt("compiler", res.build_log, strlen(res.build_log));
        else
            show_excerpt("stderr", rk_sb_cstr(&shown->run.err), shown->run.err.len);
        if (shown && shown->stacks)
            show_excerpt("thread stacks at the timeout", shown->stacks, strlen(shown->stacks));
    }
    free(path);
    free(reason);
    rk_sl_free(&kinds);
    return rc < 0 ? RK_EXIT_USAGE : pass ? RK_EXIT_PASS : RK_EXIT_FAIL;
}

