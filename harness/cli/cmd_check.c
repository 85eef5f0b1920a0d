/* cmd_check.c - `racekit check`: resolve the case, compile the variant, run
 * it as often as asked (check_run.c) and finish with the result file and
 * the verdict line (check_finish.c). */
#define _GNU_SOURCE
#include "judge/judge.h"
#include "commands.h"
#include "explore/explore.h"
#include "run/run.h"
#include "util/util.h"
#include "read/read.h"
#include "build/build.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static double median(double *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return n ? (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) : 0;
}

/* What a graded program must not change: the build tree (results, compile
 * cache, hook objects), the kit's sources and the cases root the case
 * lives in (its sources; for an exercise, the student's folder). */
static void protect_state(struct check *k, rk_sandbox *sb)
{
    char *topic_dir = rk_xstrndup(k->c.dir, (size_t)(strrchr(k->c.dir, '/') - k->c.dir));
    char *root = rk_xstrndup(topic_dir, (size_t)(strrchr(topic_dir, '/') - topic_dir));
    const char *dirs[] = { rk_paths_get()->build_dir, rk_paths_get()->source_dir, *root ? root : NULL };
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (dirs[i]) /* never "/": a case right below it protects its own root only */
            rk_sandbox_protect(sb, dirs[i]);
    k->state_protected = rk_sandbox_protect_check(sb) == 0 && sb->n_protected > 0;
    free(topic_dir);
    free(root);
}

/* Whether racekit's scheduler judges this check too: its case expects a
 * bug that shows only under some schedules (invariant, hang,
 * lock-order-inversion), and says neither that the scheduler cannot run
 * it nor, by --no-scheduler, that the runs alone should judge. */
static int scheduler_judges(const struct check *k)
{
    return !k->opt.no_scheduler && k->meta.explore != RK_EXPLORE_CANNOT &&
           rk_expect_schedule_dependent(&k->meta.expect);
}

/* The scheduler's verdict on k's variant; its cases root is the case's own
 * (prepare checked that the case is <root>/<topic>/<name>). */
static int scheduler_verdict(struct check *k, rk_xverdict *v)
{
    char *topic_dir = rk_dirname(k->c.dir), *root = rk_dirname(topic_dir);
    int rc = rk_explore_verdict(k->c.dir, k->opt.variant, root, v);
    free(topic_dir);
    free(root);
    return rc;
}

/* Run the variant opt.runs times; the run shown is the first failing one.
 * Stacks are recorded for a hang only while the run shown might still be
 * replaced and has none: at most once when every run hangs alike. */
static int run_all(struct check *k)
{
    int safe = strcmp(k->opt.variant, "safe") == 0;
    struct check_run shown, cur;
    int have_shown = 0, passed = 0, detected = 0, counts[RK_OUT_BUILD_ERROR + 1] = { 0 };
    double *durations = rk_xcalloc((size_t)k->opt.runs, sizeof *durations);
    rk_exercise *exercise = safe ? rk_exercise_open(k->c.dir) : NULL; /* grades a student's repair */
    memset(&shown, 0, sizeof shown);
    rk_sandbox sandbox;
    rk_sandbox_open(&sandbox, k->built.binary);
    protect_state(k, &sandbox);
    int done = 0;
    for (; done < k->opt.runs; done++) {
        int want_stacks = !have_shown || (shown.pass && shown.stacks == NULL);
        if (check_run_once(k, want_stacks, &sandbox, &cur) < 0)
            break;
        rk_exercise_grade(exercise, &cur.run, k->work_probe ? &cur.work : NULL, &cur.pass, &cur.reason);
        durations[done] = cur.run.duration_s;
        counts[cur.outcome]++;
        passed += cur.pass;
        detected += cur.outcome == RK_OUT_REPORTED || cur.outcome == RK_OUT_INVARIANT || cur.outcome == RK_OUT_HANG;
        if (!have_shown || (shown.pass && !cur.pass)) {
            if (have_shown)
                check_run_free(&shown);
            shown = cur;
            have_shown = 1;
        } else {
            check_run_free(&cur);
        }
    }
    rk_sandbox_close(&sandbox);
    rk_xverdict sched;
    int judged = done > 0 && scheduler_judges(k) && scheduler_verdict(k, &sched) == 0;
    k->sched = judged ? &sched : NULL;
    int rc = done == 0 ? RK_EXIT_USAGE
                       : check_finish(k, &shown, done, passed, detected, counts, median(durations, done));
    if (judged)
        rk_xverdict_free(&sched);
    k->sched = NULL;
    if (have_shown)
        check_run_free(&shown);
    free(durations);
    rk_exercise_close(exercise);
    return rc;
}

/* A case is <root>/<topic>/<name>: results and caches are named after
 * topic and name, so a folder elsewhere could collide or escape them. */
static int inside_root(const rk_case *c, const char *root, char *err, size_t errlen)
{
    char *real = realpath(root, NULL);
    if (real == NULL) {
        snprintf(err, errlen, "%s: cases root: %s", root, strerror(errno));
        return -1;
    }
    char *want = rk_xasprintf("%s/%s/%s", strcmp(real, "/") == 0 ? "" : real, c->topic, c->name);
    int ok = strcmp(want, c->dir) == 0;
    if (!ok)
        snprintf(err, errlen, "%s: not a case folder under the cases root %s (a case is <root>/<topic>/<name>; "
                 "use --cases-root to check cases elsewhere)", c->dir, real);
    free(want);
    free(real);
    return ok ? 0 : -1;
}

/* Refuse early, before compiling and running, when no result can be kept. */
static int check_results_dir(const struct check *k, char *err, size_t errlen)
{
    char *dir = rk_xasprintf("%s/results/%s/%s", rk_paths_get()->build_dir, k->opt.detector, k->c.id);
    int ok = rk_mkdir_p(dir) == 0 && access(dir, W_OK) == 0;
    if (!ok)
        snprintf(err, errlen, "%s: cannot write results here: %s", dir, strerror(errno));
    free(dir);
    return ok ? 0 : -1;
}

static int prepare(struct check *k, char *err, size_t errlen)
{
    const rk_paths *p = rk_paths_get();
    /* An exercise folder (exercise.h) is its own cases root's case. */
    char *cases_root = k->opt.cases_root ? rk_xstrdup(k->opt.cases_root) : rk_exercise_root(k->opt.case_arg);
    if (cases_root == NULL)
        cases_root = rk_path_join(p->source_dir, "cases");
    int rc = rk_case_resolve(k->opt.case_arg, cases_root, &k->c, err, errlen);
    if (rc == 0)
        rc = inside_root(&k->c, cases_root, err, errlen);
    free(cases_root);
    if (rc < 0)
        return -1;
    char *readme = rk_case_file(&k->c, "README.md");
    rc = rk_meta_load(readme, &k->meta, err, errlen);
    free(readme);
    if (rc < 0)
        return -1;
    k->expect = rk_meta_expect_for(&k->meta, k->opt.detector);
    k->false_alarms = rk_meta_false_alarms_for(&k->meta, k->opt.detector);
    snprintf(k->variant_file, sizeof k->variant_file, "%s.c", k->opt.variant);
    k->source = rk_case_file(&k->c, k->variant_file);
    size_t len;
    char *text = rk_read_file(k->source, 16 << 20, &len);
    if (text == NULL) {
        snprintf(err, errlen, "%s: cannot read: %s", k->source, strerror(errno));
        return -1;
    }
    rk_markers_scan(text, len, &k->markers);
    free(text);
    return 0;
}

static void check_free(struct check *k)
{
    rk_case_free(&k->c);
    rk_meta_free(&k->meta);
    free(k->source);
    rk_markers_free(&k->markers);
    rk_tsan_build_free(&k->build);
    rk_build_result_free(&k->built);
    free(k->compiler);
    free(k->tsan_options);
    rk_sym_free(k->symbolizer);
    free(k->runtime_name);
}

/* Remove `dir` and the files in it (the compiler leaves no subfolders). */
static void remove_flat_dir(const char *dir)
{
    rk_empty_dir(dir);
    rmdir(dir);
}

/* The compiler's temporary files go to <build>/cache/tmp/<pid> (TMPDIR)
 * instead of /tmp: clang cannot remove them when an interrupt kills it, and
 * then they stay inside the build tree, where the next check removes the
 * folders of harnesses that are gone. Returns the folder (caller frees). */
static char *compile_tmpdir_enter(void)
{
    char *top = rk_xasprintf("%s/cache/tmp", rk_paths_get()->build_dir);
    DIR *d = opendir(top);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        long pid = atol(e->d_name);
        if (pid > 0 && kill((pid_t)pid, 0) < 0 && errno == ESRCH) {
            char *stale = rk_path_join(top, e->d_name);
            remove_flat_dir(stale);
            free(stale);
        }
    }
    if (d)
        closedir(d);
    char *dir = rk_xasprintf("%s/%ld", top, (long)getpid());
    free(top);
    if (rk_mkdir_p(dir) == 0)
        setenv("TMPDIR", dir, 1);
    return dir;
}

/* The calls of the variant its detector cannot see, from the link's trace
 * (which then leaves the compiler's messages). */
static void find_unseen(struct check *k)
{
    char *text = rk_read_file(k->source, 16 << 20, NULL);
    rk_unseen_scan(&k->built.diagnostics, k->det, text, &k->unseen);
    free(text);
    k->runtime_name = rk_runtime_name(k->det, k->compiler);
}

/* RK_EXIT_PASS when `det` can run here; else the message and RK_EXIT_SKIP
 * (not installed), or RK_EXIT_USAGE when RACEKIT_CC names a compiler that
 * does not exist (a mistake, not a missing package). */
static int check_installed(const rk_detector *det)
{
    const char *cc = rk_detector_compiler(det, rk_paths_get()->cc);
    const char *explicit_cc = getenv("RACEKIT_CC");
    if (det->compiler == NULL && explicit_cc && *explicit_cc) {
        char *path = rk_find_program(explicit_cc);
        if (path == NULL) {
            rk_error("RACEKIT_CC=%s: no such compiler", explicit_cc);
            return RK_EXIT_USAGE;
        }
        free(path);
    }
    char *hooks = rk_xasprintf("%s/cache/hooks", rk_paths_get()->build_dir);
    rk_mkdir_p(hooks);
    char *missing = rk_detector_missing(det, cc, hooks);
    free(hooks);
    if (missing == NULL)
        return RK_EXIT_PASS;
    printf("SKIP: %s\n", missing);
    free(missing);
    return RK_EXIT_SKIP;
}

int rk_cmd_check(int argc, char **argv)
{
    struct check k;
    char err[1024];
    memset(&k, 0, sizeof k);
    k.start = rk_now();
    int status = rk_check_parse(argc, argv, &k.opt);
    if (status != RK_OPTS_GO_ON)
        return status;
    k.det = rk_detector_find(k.opt.detector);
    if (k.det == NULL) {
        rk_error("check: unknown detector '%s' (known: %s)", k.opt.detector, rk_detector_names_help());
        return RK_EXIT_USAGE;
    }
    int rc = RK_EXIT_USAGE;
    char *tmpdir = NULL, *user_tmpdir = getenv("TMPDIR") ? rk_xstrdup(getenv("TMPDIR")) : NULL;
    if (prepare(&k, err, sizeof err) < 0) {
        rk_error("%s", err);
        goto out;
    }
    if ((rc = check_installed(k.det)) != RK_EXIT_PASS)
        goto out;
    rc = RK_EXIT_USAGE;
    if (check_results_dir(&k, err, sizeof err) < 0) {
        rk_error("%s", err);
        goto out;
    }
    rk_variant_build_init(&k.build, k.det, rk_detector_compiler(k.det, rk_paths_get()->cc),
                          k.det->name, k.c.topic, k.c.name, k.opt.variant, k.meta.cflags, NULL);
    /* An exercise's repair is built with the work probe (rule 6); so is a
     * safe.c checked with RACEKIT_WORK_PROBE=1 (racekit exercise does that
     * for the reference). */
    const char *probe_env = getenv("RACEKIT_WORK_PROBE");
    k.work_probe = k.det->family == RK_FAMILY_TSAN && strcmp(k.opt.variant, "safe") == 0 &&
                   (rk_exercise_is(k.c.dir) || (probe_env && strcmp(probe_env, "1") == 0));
    if (k.work_probe)
        rk_work_probe_flags(&k.build.link_flags);
    tmpdir = compile_tmpdir_enter();
    k.compiler = rk_compiler_version(k.build.cc, k.build.hook_cache);
    check_tsan_options(&k, k.build.cc);
    if (rk_compile(&k.build, k.source, &k.built) < 0) {
        rk_error("%s: cannot build: %s", k.source, rk_sb_cstr(&k.built.diagnostics));
        goto out;
    }
    find_unseen(&k);
    if (!k.built.ok) {
        int counts[RK_OUT_BUILD_ERROR + 1] = { 0 };
        counts[RK_OUT_BUILD_ERROR] = 1;
        rc = check_finish(&k, NULL, 1, 0, 0, counts, 0);
        goto out;
    }
    if (k.opt.witness > 0) {
        if (rk_witness_run(&k.c, &k.meta, k.opt.variant, k.opt.witness, &k.witness, err, sizeof err) < 0)
            rk_error("%s", err); /* the check goes on without a witness */
        else
            k.have_witness = 1;
    }
    /* The program itself sees the user's TMPDIR, as when run by hand. */
    user_tmpdir ? setenv("TMPDIR", user_tmpdir, 1) : unsetenv("TMPDIR");
    rc = run_all(&k);
out:
    if (tmpdir)
        remove_flat_dir(tmpdir);
    free(tmpdir);
    free(user_tmpdir);
    check_free(&k);
    return rc;
}
