/* exercise_reference.c - what the reference safe.c of a case can print,
 * for `racekit exercise` (see exercise_reference.h): checked with
 * ThreadSanitizer a few times, then run under racekit's scheduler, which
 * enumerates the outputs its schedules print. */
#define _XOPEN_SOURCE 700
#include "exercise_reference.h"

#include "explore/explore.h"
#include "results/results.h"
#include "sandbox/sandbox.h"
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

enum { RESULT_MAX = 16 << 20, REFERENCE_RUNS = 3, OUTPUTS_MAX = 64 };

/* 1 when the result's thread_work says the threads wrote and printed
 * nothing (the probe could not see their work). */
static int result_no_work(const char *text, size_t len)
{
    rk_json v;
    rk_json_error err;
    if (rk_json_parse(text, len, &v, &err) < 0)
        return 0;
    const rk_json *work = rk_json_get(&v, "thread_work");
    const rk_json *writes = rk_json_get(work, "writes"), *outputs = rk_json_get(work, "outputs");
    int none = writes && outputs && writes->type == RK_JSON_NUMBER && outputs->type == RK_JSON_NUMBER &&
               writes->number == 0 && outputs->number == 0;
    rk_json_free(&v);
    return none;
}

/* The program output kept in the case's last safe result, or NULL; *no_work
 * set when the reference's threads did no work the probe saw. */
static char *result_stdout(const rk_case *c, size_t *len, int *no_work)
{
    char *path = rk_xasprintf("%s/results/tsan/%s/safe.json", rk_paths_get()->build_dir, c->id);
    size_t tlen;
    char *text = rk_read_file(path, RESULT_MAX, &tlen), *out = NULL;
    rk_row row;
    char err[512];
    if (text && rk_row_parse(path, NULL, text, tlen, &row, err, sizeof err) == 0) {
        *no_work |= result_no_work(text, tlen);
        out = rk_xstrndup(row.out, row.out_len);
        *len = row.out_len;
        rk_row_free(&row);
    } else {
        rk_error("exercise: %s: cannot read the reference's result", path);
    }
    free(text);
    free(path);
    return out;
}

/* The cases root of `c` (absolute: <root>/<topic>/<name>): its folder two
 * levels up. Caller frees. */
static char *cases_root(const rk_case *c)
{
    char *root = rk_xstrdup(c->dir);
    for (int k = 0; k < 2; k++)
        *strrchr(root, '/') = '\0';
    if (*root == '\0') {
        free(root);
        root = rk_xstrdup("/");
    }
    return root;
}

/* Check the reference safe.c once (`self` is this racekit) with the work
 * probe and return what it printed, or NULL (a message printed) when the
 * check did not pass; *no_work as for result_stdout. */
static char *reference_stdout(const rk_case *c, const char *self, size_t *len, int *no_work)
{
    char *root = cases_root(c);
    char *argv[] = { (char *)self, "check", "--quiet", "--cases-root", root, c->dir, "safe", NULL };
    rk_spawn_opts o = RK_SPAWN_OPTS_INIT;
    o.argv = argv;
    o.envp = environ;
    o.timeout_s = 600;
    rk_run r;
    char *out = NULL;
    if (rk_spawn(&o, &r) < 0) {
        rk_error("exercise: cannot run racekit check: %s", strerror(errno));
    } else {
        if (r.end == RK_END_EXIT && r.status == 0)
            out = result_stdout(c, len, no_work);
        else
            rk_error("exercise: %s: the reference safe.c does not pass its check (%.*s); fix the case first",
                     c->id, (int)strcspn(rk_sb_cstr(&r.out), "\n"), rk_sb_cstr(&r.out));
        rk_run_free(&r);
    }
    free(root);
    return out;
}

/* The scheduler's outputs added to *set, or why it could not give them
 * (printed as a note); -1 when a schedule of the reference failed. */
static int scheduler_outputs(const rk_case *c, rk_output_set *set, int *whole)
{
    char *root = cases_root(c);
    rk_xoutputs s;
    int rc = rk_explore_outputs(c->dir, "safe", root, OUTPUTS_MAX, &s);
    free(root);
    *whole = 0;
    if (rc < 0) {
        rk_xoutputs_free(&s);
        return -1;
    }
    if (s.failed) {
        rk_error("exercise: %s: the reference safe.c fails under racekit's scheduler (%s); fix the case first",
                 c->id, s.failure);
        rk_xoutputs_free(&s);
        return -1;
    }
    if (s.failure) {
        printf("note: what the reference prints is learnt from %d runs only: %s\n", REFERENCE_RUNS, s.failure);
    } else if (s.more || s.cut) {
        if (s.more)
            printf("note: the reference safe.c can print more than %d different outputs: grading will not compare "
                   "output\n", OUTPUTS_MAX);
        else
            printf("note: the reference safe.c prints over 64 KiB: grading will not compare output\n");
        *whole = -1;
    } else {
        for (size_t i = 0; i < s.n; i++)
            rk_exercise_outputs_add(set, s.v[i].data, s.v[i].len);
        *whole = 1;
        if (s.complete)
            printf("the reference can print %zu output%s: racekit's scheduler ran every schedule with at most %d "
                   "preemptions (%llu schedules)\n", s.n, s.n == 1 ? "" : "s", s.bound,
                   (unsigned long long)s.schedules);
        else
            printf("the reference can print %zu output%s, found in %llu schedules of racekit's scheduler (too "
                   "many for the bounded search to finish)\n", s.n, s.n == 1 ? "" : "s",
                   (unsigned long long)s.schedules);
    }
    rk_xoutputs_free(&s);
    return 0;
}

/* Put *set in byte order (shorter first on a common start), so the same
 * outputs are always the same files. */
static void sort_set(rk_output_set *set)
{
    for (size_t i = 1; i < set->n; i++)
        for (size_t j = i; j > 0; j--) {
            size_t a = set->len[j - 1], b = set->len[j], n = a < b ? a : b;
            int c = memcmp(set->v[j - 1], set->v[j], n);
            if (c < 0 || (c == 0 && a <= b))
                break;
            char *t = set->v[j - 1];
            set->v[j - 1] = set->v[j], set->v[j] = t;
            set->len[j - 1] = b, set->len[j] = a;
        }
}

int rk_reference_outputs(const rk_case *c, const char *self, rk_output_set *set, int *no_work)
{
    memset(set, 0, sizeof *set);
    rk_output_set runs = { 0 };
    for (int i = 0; i < REFERENCE_RUNS; i++) {
        size_t n;
        char *got = reference_stdout(c, self, &n, no_work);
        if (got == NULL) {
            rk_exercise_outputs_free(&runs);
            return -1;
        }
        if (!rk_exercise_outputs_has(&runs, got, n))
            rk_exercise_outputs_add(&runs, got, n);
        free(got);
    }
    int whole;
    if (scheduler_outputs(c, set, &whole) < 0) {
        rk_exercise_outputs_free(&runs);
        return -1;
    }
    if (whole < 0) {
        rk_exercise_outputs_free(set);
    } else if (whole == 0) {
        /* No scheduler: only an output every run agreed on can be trusted. */
        if (runs.n == 1)
            rk_exercise_outputs_add(set, runs.v[0], runs.len[0]);
        else
            printf("note: the reference safe.c printed different outputs in different runs: grading will not "
                   "compare output\n");
    } else {
        for (size_t i = 0; i < runs.n; i++)
            if (!rk_exercise_outputs_has(set, runs.v[i], runs.len[i])) {
                printf("note: a ThreadSanitizer run printed an output the scheduler did not find; it is kept "
                       "too\n");
                rk_exercise_outputs_add(set, runs.v[i], runs.len[i]);
            }
    }
    rk_exercise_outputs_free(&runs);
    sort_set(set);
    return 0;
}
