/* explore_case.c - the case a scheduler command works on: find it, build
 * its variant against the scheduler runtime, name its result file, and
 * judge a run against what the case expects (see explore.h). */
#define _GNU_SOURCE
#include "explore.h"
#include "runtime/explore_proto.h"
#include "timeline.h"

#include "judge/judge.h"
#include "util/util.h"
#include "build/build.h"

#include <signal.h>
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

/* The name of a system call a thread can sit in, or NULL: the numbers are
 * x86-64's (elsewhere the message gives the number alone). */
static const char *syscall_name(long nr)
{
#if defined(__x86_64__)
    static const struct { long nr; const char *name; } calls[] = {
        { 0, "read" }, { 1, "write" }, { 2, "open" }, { 7, "poll" }, { 17, "pread64" },
        { 23, "select" }, { 34, "pause" }, { 35, "nanosleep" }, { 42, "connect" }, { 43, "accept" },
        { 45, "recvfrom" }, { 47, "recvmsg" }, { 61, "wait4" }, { 65, "semop" }, { 69, "msgrcv" },
        { 73, "flock" }, { 128, "rt_sigtimedwait" }, { 130, "rt_sigsuspend" }, { 202, "futex" },
        { 220, "semtimedop" }, { 230, "clock_nanosleep" }, { 232, "epoll_wait" }, { 247, "waitid" },
        { 257, "openat" }, { 270, "pselect6" }, { 271, "ppoll" }, { 281, "epoll_pwait" }, { 288, "accept4" },
    };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        if (calls[i].nr == nr)
            return calls[i].name;
#endif
    (void)nr;
    return NULL;
}

/* A schedule the watch killed because no step came (stuck): the
 * runtime's detail is "<thread> <syscall> <pc>". */
static int lost_control(const rk_xrun *r)
{
    return strcmp(r->end, RK_XEND_STUCK) == 0;
}

/* Where the thread that held the baton went, from the runtime's detail:
 * "thread 1 sat in read() (system call 0), which the scheduler does not
 * control". Caller frees. */
static char *lost_control_text(const rk_xrun *r)
{
    int thread;
    long sys;
    if (sscanf(r->detail, "%d %ld", &thread, &sys) != 2)
        return rk_xasprintf("%s: %s", r->end, r->detail);
    if (sys < 0)
        return rk_xasprintf("thread %d ran without reaching a step (code that is not instrumented)", thread);
    const char *name = syscall_name(sys);
    if (name)
        return rk_xasprintf("thread %d sat in %s() (system call %ld), which the scheduler does not control",
                            thread, name, sys);
    return rk_xasprintf("thread %d sat in system call %ld, which the scheduler does not control", thread, sys);
}

/* A call the scheduler does not model (rt_unmodelled.c): the runtime's
 * detail is "<thread> <pc> calls ..., which racekit's scheduler does not
 * model"; the caller's place comes first, from `binary` when it is given
 * and the pc resolves ("safe.c:24 calls pthread_cancel, ..."), else the
 * thread ("thread 0 calls ..."). Caller frees. */
static char *unmodelled_text(const char *binary, const rk_xrun *r)
{
    int thread, at = 0;
    unsigned long long pc;
    if (sscanf(r->detail, "%d %llx %n", &thread, &pc, &at) != 2 || at == 0)
        return rk_xstrdup(r->detail);
    char *text = NULL;
    if (binary && pc) {
        uint64_t pcs[1] = { pc };
        rk_xsym_table s;
        rk_xsym_open(&s, binary, pcs, 1);
        int line;
        const char *file = rk_xsym_line(&s, pc, &line);
        if (line > 0)
            text = rk_xasprintf("%s:%d %s", file, line, r->detail + at);
        rk_xsym_close(&s);
    }
    return text ? text : rk_xasprintf("thread %d %s", thread, r->detail + at);
}

/* rk_explore_error_text, with file:line from `binary` when not NULL. */
static char *error_text(const char *binary, const rk_xrun *r)
{
    if (lost_control(r))
        return lost_control_text(r);
    if (strcmp(r->end, RK_XEND_UNMODELLED) == 0)
        return unmodelled_text(binary, r);
    return rk_xstrdup(r->detail);
}

char *rk_explore_error_text(const rk_xrun *r)
{
    return error_text(NULL, r);
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
    if (strcmp(outcome, "lock-order-inversion") == 0) /* the edges have parentheses of their own */
        return rk_xasprintf("lock-order-inversion: %s", r->cycle_text ? r->cycle_text : "a cycle of locks");
    if (lost_control(r)) {
        char *why = lost_control_text(r), *text = rk_xasprintf("the scheduler lost control%s%s%s", open, why, close);
        free(why);
        return text;
    }
    if (strcmp(outcome, "hang") == 0)
        return rk_xasprintf("the program hung%s%s: %s%s", open, r->end, r->detail, close);
    if (strcmp(outcome, "crash") == 0)
        return rk_xasprintf("the program was killed by signal SIG%s (%s%s)",
                            sigabbrev_np(r->status) ? sigabbrev_np(r->status) : "?", strsignal(r->status),
                            r->status == SIGABRT ? ": abort(), which a failed assert() calls" : "");
    if (strcmp(outcome, "exit") == 0)
        return rk_xasprintf("the program exited with status %d", r->status);
    return rk_xasprintf("the scheduler stopped%s%s: %s%s", open, r->end, r->detail, close);
}

/* The verdict of a variant whose run the scheduler could not carry out
 * (outcome error); see rk_explore_judge. */
static int judge_error(const rk_xcase *x, const rk_xrun *r, int replay, char **reason)
{
    if (replay && strcmp(r->end, RK_XEND_DIVERGED) == 0) {
        *reason = rk_xasprintf("the schedule does not fit this program: %s", r->detail);
        return 0;
    }
    char *why = error_text(x->built.binary, r);
    /* The watch stopped it (stuck, slow): what every thread was doing. */
    int stopped = lost_control(r) || strcmp(r->end, RK_XEND_SLOW) == 0;
    char *threads = stopped ? rk_explore_threads_line(x->built.binary, r) : NULL;
    int cannot = x->meta.explore == RK_EXPLORE_CANNOT;
    *reason = rk_xasprintf("the scheduler cannot run this variant%s: %s%s%s%s", cannot ? ", as the case says" : "",
                           why, cannot ? "" : " (racekit check judges it)",
                           threads ? "; when it was stopped: " : "", threads ? threads : "");
    free(threads);
    free(why);
    return cannot ? 1 : -1;
}

/* "no failing schedule in N", and how far the bounded search got: "no
 * failing schedule with <= 2 preemptions: all 57 schedules tried". */
static char *nothing_found(const rk_xrun *r, const char *advice)
{
    if (!r->bounded)
        return rk_xasprintf("no failing schedule in %llu%s", (unsigned long long)r->tried, advice);
    if (r->bound_completed < 0)
        return rk_xasprintf("no failing schedule in %llu, and the bounded search did not finish %d preemptions%s%s",
                            (unsigned long long)r->tried, r->bound_reached,
                            r->bound_cut ? " (a schedule had more choice points than it follows)" : "", advice);
    if (r->tried == r->search_schedules) /* --strategy bounded */
        return rk_xasprintf("no failing schedule with <= %d preemptions: all %llu schedules tried",
                            r->bound_completed, (unsigned long long)r->bound_schedules);
    return rk_xasprintf("no failing schedule in %llu, among them every schedule with <= %d preemptions (%llu)%s",
                        (unsigned long long)r->tried, r->bound_completed, (unsigned long long)r->bound_schedules,
                        advice);
}

int rk_explore_judge(const rk_xcase *x, const rk_xrun *r, const char *outcome, int replay, char **reason)
{
    if (strcmp(outcome, "error") == 0)
        return judge_error(x, r, replay, reason);
    if (x->meta.explore == RK_EXPLORE_CANNOT) {
        char *what = rk_explore_end_text(r, outcome, " (", ")");
        *reason = rk_xasprintf("the scheduler ran this variant (%s), but the case says it cannot (explore: "
                               "cannot): the lesson is out of date, update the case",
                               strcmp(outcome, "clean") == 0 ? "every schedule finished" : what);
        free(what);
        return 0;
    }
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
                        : nothing_found(r, "");
    } else if (!want_inv && !want_hang && !want_cycle) {
        pass = -1;
        *reason = found ? rk_xasprintf("schedule %llu failed: %s; the case expects none of invariant, hang, "
                                       "lock-order-inversion, so this is not judged (racekit check judges it)",
                                       (unsigned long long)r->index + 1, what)
                        : rk_xstrdup("the case expects none of invariant, hang, lock-order-inversion: the "
                                     "scheduler has nothing to judge (racekit check judges it)");
    } else if (!found) {
        pass = 0;
        *reason = nothing_found(r, " (raise --schedules or --depth)");
    } else {
        int deadlock = strcmp(r->end, RK_XEND_DEADLOCK) == 0;
        int cycle = deadlock || strcmp(outcome, "lock-order-inversion") == 0;
        pass = (want_inv && strcmp(outcome, "invariant") == 0) || (want_hang && strcmp(outcome, "hang") == 0) ||
               (want_cycle && cycle);
        const char *wanted = want_inv && (want_hang || want_cycle) ? "the invariant to break or a deadlock"
                             : want_inv                          ? "the invariant to break"
                             : want_hang                         ? "a hang"
                                                                 : "a lock-order cycle or a deadlock";
        *reason = pass ? rk_xasprintf("schedule %llu: %s", (unsigned long long)r->index + 1, what)
                       : rk_xasprintf("schedule %llu: %s, but the case expects %s",
                                      (unsigned long long)r->index + 1, what, wanted);
    }
    free(what);
    return pass;
}
