/* explore_case.c - the case a scheduler command works on: find it, build
 * its variant against the scheduler runtime, name its result file, and
 * judge a run against what the case expects (see explore.h). */
#include "explore.h"
#include "runtime/explore_proto.h"

#include "../exercise.h"
#include "../fsutil.h"
#include "../paths.h"
#include "../tsan_build.h"
#include "../util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rk_xcase_open(rk_xcase *x, const char *case_arg, const char *variant, const char *cases_root)
{
    char err[1024];
    memset(x, 0, sizeof *x);
    x->variant = variant;
    if (strcmp(variant, "unsafe") != 0 && strcmp(variant, "safe") != 0) {
        rk_error("%s: the variant is unsafe or safe, not '%s'", case_arg, variant);
        return RK_EXIT_USAGE;
    }
    char *root = cases_root ? rk_xstrdup(cases_root) : rk_exercise_root(case_arg);
    if (root == NULL)
        root = rk_path_join(rk_paths_get()->source_dir, "cases");
    int rc = rk_case_resolve(case_arg, root, &x->c, err, sizeof err);
    free(root);
    if (rc == 0) {
        char *readme = rk_case_file(&x->c, "README.md");
        rc = rk_meta_load(readme, &x->meta, err, sizeof err);
        free(readme);
    }
    if (rc < 0) {
        rk_error("%s", err);
        return RK_EXIT_USAGE;
    }
    char file[16];
    snprintf(file, sizeof file, "%s.c", variant);
    x->source = rk_case_file(&x->c, file);
    if (rk_explore_build_init(&x->build, x->c.topic, x->c.name, variant, x->meta.cflags, err, sizeof err) < 0) {
        printf("SKIP: the scheduler cannot run here: %s\n", err);
        return RK_EXIT_SKIP;
    }
    if (rk_compile(&x->build, x->source, &x->built) < 0) {
        rk_error("%s: cannot build: %s", x->source, rk_sb_cstr(&x->built.diagnostics));
        return RK_EXIT_USAGE;
    }
    return RK_EXIT_PASS;
}

void rk_xcase_free(rk_xcase *x)
{
    rk_case_free(&x->c);
    rk_meta_free(&x->meta);
    free(x->source);
    rk_tsan_build_free(&x->build);
    rk_build_result_free(&x->built);
    memset(x, 0, sizeof *x);
}

/* Why a schedule hung, from the runtime's detail: "more than N steps"
 * (livelock), or "<thread> <syscall> <pc>" when the watch killed it (stuck,
 * timeout). Caller frees. */
static char *hang_detail(const rk_xrun *r)
{
    int thread;
    long sys;
    if (strcmp(r->end, RK_XEND_LIVELOCK) == 0 || sscanf(r->detail, "%d %ld", &thread, &sys) != 2)
        return rk_xasprintf("%s: %s", r->end, r->detail);
    if (sys >= 0)
        return rk_xasprintf("%s: thread %d sat in system call %ld, which the scheduler does not control", r->end,
                            thread, sys);
    return rk_xasprintf("%s: thread %d ran without reaching a step (code that is not instrumented)", r->end,
                        thread);
}

char *rk_explore_end_text(const rk_xrun *r, const char *outcome, const char *open, const char *close)
{
    if (strcmp(outcome, "invariant") == 0)
        return rk_xasprintf("the invariant broke%s%s%s", open, r->invariant ? r->invariant : "the program's check failed",
                            close);
    if (strcmp(r->end, RK_XEND_DEADLOCK) == 0)
        return rk_xstrdup("the threads deadlocked");
    if (strcmp(outcome, "clean") == 0)
        return rk_xstrdup("the program finished: no bug in this interleaving");
    if (strcmp(outcome, "hang") == 0) {
        char *why = hang_detail(r), *text = rk_xasprintf("the program hung%s%s%s", open, why, close);
        free(why);
        return text;
    }
    if (strcmp(outcome, "crash") == 0)
        return rk_xasprintf("the program was killed by signal %d", r->status);
    if (strcmp(outcome, "exit") == 0)
        return rk_xasprintf("the program exited with status %d", r->status);
    return rk_xasprintf("the scheduler stopped%s%s: %s%s", open, r->end, r->detail, close);
}

int rk_explore_judge(const rk_xcase *x, const rk_xrun *r, const char *outcome, char **reason)
{
    const rk_strlist *expect = rk_meta_expect_for(&x->meta, "tsan");
    int want_inv = rk_sl_contains(expect, "invariant");
    int want_hang = rk_sl_contains(expect, "hang"), want_cycle = rk_sl_contains(expect, "lock-order-inversion");
    int found = strcmp(outcome, "clean") != 0;
    char *what = found ? rk_explore_end_text(r, outcome, " (", ")") : NULL;
    int pass;
    if (strcmp(x->variant, "safe") == 0) {
        pass = !found;
        *reason = found ? rk_xasprintf("schedule %llu of the safe variant failed: %s",
                                       (unsigned long long)r->index + 1, what)
                        : rk_xasprintf("no failing schedule in %llu", (unsigned long long)r->tried);
    } else if (!want_inv && !want_hang && !want_cycle) {
        pass = -1;
        *reason = found ? rk_xasprintf("schedule %llu failed: %s; the case expects none of invariant, hang, "
                                       "lock-order-inversion, so this is not judged (racekit check judges it)",
                                       (unsigned long long)r->index + 1, what)
                        : rk_xstrdup("the case expects none of invariant, hang, lock-order-inversion: the "
                                     "scheduler has nothing to judge (racekit check judges it)");
    } else if (!found) {
        pass = 0;
        *reason = rk_xasprintf("no failing schedule in %llu (raise --schedules or --depth)",
                               (unsigned long long)r->tried);
    } else {
        int deadlock = strcmp(r->end, RK_XEND_DEADLOCK) == 0;
        pass = (want_inv && strcmp(outcome, "invariant") == 0) || (want_hang && strcmp(outcome, "hang") == 0) ||
               (want_cycle && deadlock);
        const char *wanted = want_inv && (want_hang || want_cycle) ? "the invariant to break or a deadlock"
                             : want_inv                          ? "the invariant to break"
                             : want_hang                         ? "a hang"
                                                                 : "a deadlock of the lock cycle";
        *reason = pass ? rk_xasprintf("schedule %llu: %s", (unsigned long long)r->index + 1, what)
                       : rk_xasprintf("schedule %llu: %s, but the case expects %s",
                                      (unsigned long long)r->index + 1, what, wanted);
    }
    free(what);
    return pass;
}
