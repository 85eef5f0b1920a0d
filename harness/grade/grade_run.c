/* grade_run.c - grading the submissions that need it: each one by `racekit
 * check` on its scratch copy, in a child of its own (a worker process that
 * runs it through the sandbox's spawn: own process group, timeout, output
 * bounded, nothing left running), up to -j at once (see gradebook.h). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"
#include "sandbox/sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { RESULT_MAX = 16 << 20, LOG_CAP = 64 << 10, WORKER_TIMEOUT = 100, WORKER_ERROR = 101 };

/* Checks after the first when its runs broke the program's own checks and
 * racekit's scheduler found a failing schedule too (see rechecked). */
enum { GRADE_RECHECKS = 4 };

static int not_build_dir(const char *entry)
{
    return strncmp(entry, "RACEKIT_BUILD_DIR=", 18) != 0;
}

static char *log_path(const gradebook *gb, const grade_row *r)
{
    return rk_xasprintf("%s/logs/%s.log", gb->work, r->slug);
}

/* Did the check whose result is at `path` fail only by luck of its runs:
 * its runs broke the program's own checks (outcome invariant), and the
 * scheduler, which judges such schedule-dependent bugs the same way every
 * time, found a failing schedule as well? Then the grade of the other
 * tests, judged on clean runs only, would depend on that luck (a
 * check-then-act repair breaks in about one TSan run in ten). */
static int rechecked(const char *path)
{
    size_t len;
    char *text = rk_read_file(path, RESULT_MAX, &len);
    rk_json doc;
    rk_json_error err;
    int yes = 0;
    if (text && rk_json_parse(text, len, &doc, &err) == 0) {
        const rk_json *outcome = rk_json_get(&doc, "outcome"), *sched = rk_json_get(&doc, "scheduler");
        const rk_json *verdict = sched ? rk_json_get(sched, "verdict") : NULL;
        yes = outcome && outcome->type == RK_JSON_STRING && strcmp(outcome->str, "invariant") == 0 && verdict &&
              verdict->type == RK_JSON_STRING && strcmp(verdict->str, "fail") == 0;
        rk_json_free(&doc);
    }
    free(text);
    return yes;
}

/* The worker: run racekit check on r's scratch copy with the gradebook's
 * own build tree, keep what it printed in the log, and exit with its
 * status (WORKER_TIMEOUT, WORKER_ERROR when it did not end by itself).
 * A check that failed only by luck of its runs (rechecked) is run again,
 * up to GRADE_RECHECKS times, and the first whose runs kept the program's
 * checks is graded: the broken invariant stays failed, by the scheduler's
 * test, and the other tests get clean runs to be judged on. */
static void work(const gradebook *gb, const grade_row *r)
{
    char runs[16], *build = rk_xasprintf("RACEKIT_BUILD_DIR=%s/build", gb->work);
    snprintf(runs, sizeof runs, "%d", gb->runs);
    char *argv[] = { "/proc/self/exe", "check", "--quiet", "--runs", runs, r->scratch, "safe", NULL };
    size_t n;
    char **env = rk_env_select(not_build_dir, 1, &n);
    env[n] = build;
    env[n + 1] = NULL;
    rk_spawn_opts o = RK_SPAWN_OPTS_INIT;
    o.argv = argv;
    o.envp = env;
    o.timeout_s = gb->timeout_s;
    o.capture_cap = LOG_CAP;
    char *result = grade_result_path(gb, r);
    rk_strbuf log = RK_STRBUF_INIT;
    int code = WORKER_ERROR;
    for (int attempt = 0; attempt <= GRADE_RECHECKS; attempt++) {
        rk_run run;
        if (rk_spawn(&o, &run) < 0)
            _exit(WORKER_ERROR);
        if (attempt > 0)
            rk_sb_printf(&log, "(checked again, %d of %d: the runs before broke the program's own checks, "
                               "which racekit's scheduler judges)\n", attempt, GRADE_RECHECKS);
        rk_sb_add(&log, run.out.buf ? run.out.buf : "", run.out.len);
        rk_sb_add(&log, run.err.buf ? run.err.buf : "", run.err.len);
        code = run.end == RK_END_EXIT ? run.status : run.end == RK_END_TIMEOUT ? WORKER_TIMEOUT : WORKER_ERROR;
        rk_run_free(&run);
        if (code != RK_EXIT_FAIL || !rechecked(result))
            break;
    }
    char *path = log_path(gb, r);
    rk_write_file_atomic(path, log.buf ? log.buf : "", log.len);
    fflush(NULL);
    _exit(code);
}

/* The first line of r's log, for a problem sentence. Caller frees. */
static char *log_line(const gradebook *gb, const grade_row *r)
{
    char *path = log_path(gb, r), *text = rk_read_file(path, LOG_CAP * 2, NULL);
    char *line = rk_xstrndup(text ? text : "", text ? strcspn(text, "\n") : 0);
    free(text);
    free(path);
    return line;
}

/* What the worker of r ended with: its result, kept by key, or a problem. */
static void collect(const gradebook *gb, grade_row *r, int status)
{
    char *path = grade_result_path(gb, r), *line = log_line(gb, r);
    if (status == RK_EXIT_PASS || status == RK_EXIT_FAIL) {
        r->result = rk_read_file(path, RESULT_MAX, &r->result_len);
        if (r->result)
            grade_cache_put(gb, r);
        else
            r->problem = rk_xasprintf("racekit check wrote no result (%s): %s", path, line);
    } else if (status == WORKER_TIMEOUT) {
        r->problem = rk_xasprintf("grading took longer than %g s (--timeout) and was stopped", gb->timeout_s);
    } else {
        r->problem = rk_xasprintf("racekit check ended with status %d: %s", status, line);
    }
    free(path);
    free(line);
}

/* Start the worker of row i; its pid, or -1. */
static pid_t start(gradebook *gb, int i)
{
    char *old = grade_result_path(gb, &gb->rows[i]), *logs = rk_path_join(gb->work, "logs");
    unlink(old); /* an earlier run's result must not pass for this one's */
    rk_mkdir_p(logs);
    free(old), free(logs);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        work(gb, &gb->rows[i]);
    return pid;
}

int grade_run_all(gradebook *gb)
{
    pid_t *pids = rk_xcalloc((size_t)gb->n + 1, sizeof *pids);
    int next = 0, running = 0, ran = 0;
    for (;;) {
        for (; next < gb->n && running < gb->jobs; next++) {
            grade_row *r = &gb->rows[next];
            if (r->problem || r->result)
                continue;
            if ((pids[next] = start(gb, next)) < 0)
                r->problem = rk_xasprintf("cannot start its grading: %s", strerror(errno));
            else
                running++, ran++;
        }
        if (running == 0)
            break;
        int st;
        pid_t p = waitpid(-1, &st, 0);
        if (p < 0 && errno == EINTR)
            continue;
        if (p < 0)
            break;
        for (int i = 0; i < gb->n; i++)
            if (pids[i] == p) {
                pids[i] = 0;
                running--;
                collect(gb, &gb->rows[i], WIFEXITED(st) ? WEXITSTATUS(st) : WORKER_ERROR);
            }
    }
    free(pids);
    return ran;
}
