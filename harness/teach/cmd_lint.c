/* cmd_lint.c - `racekit lint [--runs N | --no-run] [--reuse-results] [--jobs N]
 * [<case-dir>...]`:
 * is each case ready to ship? Prints every finding as "path:line: level:
 * problem" with a hint, then one summary line per case, in case order even
 * when cases are linted in parallel; exits 1 when any finding is an error
 * (warnings alone pass). */
#define _GNU_SOURCE
#include "case/case.h"
#include "teach.h"
#include "util/util.h"
#include "lint.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { DEFAULT_RUNS = 10, MAX_RUNS = 1000, MAX_JOBS = 64 };

/* What a linted case had, as the exit status of a parallel worker. */
enum { HAD_ERRORS = 1, HAD_WARNINGS = 2 };

struct options {
    rk_lint_opts lint;
    int jobs;
    rk_strlist cases;
    char *root;
    char cwd[PATH_MAX];
};

enum { OPT_RUNS, OPT_NO_RUN, OPT_REUSE, OPT_JOBS };
static const rk_option options[] = {
    [OPT_RUNS] = { "--runs", NULL, "N", "run each variant N times, 1 to 1000 (default 10), for the stability and "
                   "run-time budget checks" },
    [OPT_NO_RUN] = { "--no-run", NULL, NULL, "skip the stability and budget checks (the static checks and the "
                     "compiles stay)" },
    [OPT_REUSE] = { "--reuse-results", NULL, NULL,
                    "take a variant's last check result instead of running it again when the result is newer than "
                    "everything it depends on and has at least --runs runs" },
    [OPT_JOBS] = { "--jobs", NULL, "N", "lint N cases at once, 1 to 64 (default 1); the output keeps the order of "
                   "the cases" },
    { NULL },
};

const rk_command rk_lint_command = {
    "lint", "[<case-dir>...]", "is each case ready to ship?",
    "Lints the named cases (a folder, or <topic>/<name>), or every case when none is given. Each finding is one "
    "line 'path:line: error|warning: problem' with a hint, then one summary line per case (docs/adding-a-case.md, "
    "\"What racekit lint checks\"). Exit status: 1 when a finding is an error (warnings alone pass), 2 bad usage.",
    0, -1, options,
};

/* Fill *o from argv; RK_OPTS_GO_ON, or the exit status after --help or a mistake. */
static int parse_args(int argc, char **argv, struct options *o)
{
    o->lint.runs = DEFAULT_RUNS;
    o->jobs = 1;
    rk_opts p;
    uint64_t n;
    rk_opts_start(&p, &rk_lint_command, argc, argv);
    for (int k; (k = rk_opts_next(&p)) != RK_OPT_END;) {
        switch (k) {
        case OPT_RUNS:
        case OPT_JOBS:
            if (rk_opt_number(&p, 1, k == OPT_RUNS ? MAX_RUNS : MAX_JOBS, &n) < 0)
                return p.status;
            *(k == OPT_RUNS ? &o->lint.runs : &o->jobs) = (int)n;
            break;
        case OPT_NO_RUN:
            o->lint.runs = 0;
            break;
        case OPT_REUSE:
            o->lint.reuse = 1;
            break;
        case RK_OPT_OPERAND:
            rk_sl_add(&o->cases, p.value);
            break;
        default:
            return p.status;
        }
    }
    /* Runs that are not run cannot be counted, nor their results reused. */
    if ((p.seen >> OPT_NO_RUN & 1) && (p.seen >> OPT_RUNS & 1))
        return rk_usage_fail(&rk_lint_command, "--runs does not apply with --no-run");
    if ((p.seen >> OPT_NO_RUN & 1) && (p.seen >> OPT_REUSE & 1))
        return rk_usage_fail(&rk_lint_command, "--reuse-results does not apply with --no-run");
    return RK_OPTS_GO_ON;
}

/* `path` relative to the working directory when it is below it: shorter,
 * and what an editor or terminal can open. */
static const char *shown_path(const char *path, const char *cwd)
{
    size_t n = strlen(cwd);
    if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

static void print_findings(FILE *to, const rk_findings *f, const char *cwd)
{
    const char *last_hint = NULL;
    for (int i = 0; i < f->n; i++) {
        const rk_finding *x = &f->items[i];
        const char *level = x->level == RK_LINT_ERROR ? "error" : "warning";
        if (x->line > 0)
            fprintf(to, "%s:%d: %s: %s\n", shown_path(x->path, cwd), x->line, level, x->problem);
        else
            fprintf(to, "%s: %s: %s\n", shown_path(x->path, cwd), level, x->problem);
        /* Consecutive findings of one kind share their hint. */
        if (x->hint && (last_hint == NULL || strcmp(last_hint, x->hint) != 0))
            fprintf(to, "    hint: %s\n", x->hint);
        last_hint = x->hint;
    }
}

static void print_summary(FILE *to, const char *id, const rk_findings *f, const rk_lint_summary *s)
{
    fprintf(to, "%s: %s", id, f->errors ? "FAIL" : "ok");
    if (f->errors || f->warnings)
        fprintf(to, " (%d error%s, %d warning%s)", f->errors, f->errors == 1 ? "" : "s", f->warnings,
                f->warnings == 1 ? "" : "s");
    if (s->diff_added >= 0)
        fprintf(to, "; diff +%d -%d", s->diff_added, s->diff_deleted);
    if (s->runs > 0 && s->median_s[0] >= 0 && s->median_s[1] >= 0)
        fprintf(to, "; %d runs each, median unsafe %.3f s, safe %.3f s", s->runs, s->median_s[0], s->median_s[1]);
    fprintf(to, "\n");
}

/* Lint case `i` and print its findings and summary to `to`; returns
 * HAD_ERRORS | HAD_WARNINGS as they apply. */
static int lint_one(const struct options *o, int i, FILE *to)
{
    rk_findings f = RK_FINDINGS_INIT;
    rk_lint_summary s;
    char *id = NULL;
    rk_lint_case(o->cases.items[i], o->root, &o->lint, &f, &s, &id);
    print_findings(to, &f, o->cwd);
    print_summary(to, id, &f, &s);
    fflush(to);
    int had = (f.errors ? HAD_ERRORS : 0) | (f.warnings ? HAD_WARNINGS : 0);
    free(id);
    rk_findings_free(&f);
    return had;
}

/* Copy a finished worker's output to stdout and close it. */
static void drain(FILE *from)
{
    char buf[8192];
    size_t n;
    rewind(from);
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        fwrite(buf, 1, n, stdout);
    fclose(from);
    fflush(stdout);
}

/* Start a worker process that lints case `i` into a temporary file. */
static pid_t start_worker(const struct options *o, int i, FILE **out)
{
    *out = tmpfile();
    if (*out == NULL)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        _exit(lint_one(o, i, *out));
    if (pid < 0)
        fclose(*out);
    return pid;
}

/* Lint every case with up to o->jobs workers; had[i] gets each case's
 * flags. Output is printed in case order as soon as it is complete. */
static int lint_parallel(const struct options *o, int *had)
{
    int n = o->cases.n, next = 0, printed = 0, running = 0;
    pid_t *pids = rk_xcalloc((size_t)n, sizeof *pids);
    FILE **outs = rk_xcalloc((size_t)n, sizeof *outs);
    int *done = rk_xcalloc((size_t)n, sizeof *done), rc = 0;
    while (printed < n && rc == 0) {
        for (; running < o->jobs && next < n; next++, running++)
            if ((pids[next] = start_worker(o, next, &outs[next])) < 0) {
                rk_error("lint: cannot start a worker: %s", strerror(errno));
                rc = -1;
                break;
            }
        int st;
        pid_t p = running > 0 ? waitpid(-1, &st, 0) : -1;
        if (p < 0 && errno == EINTR)
            continue;
        for (int i = 0; p > 0 && i < next; i++)
            if (pids[i] == p && !done[i]) {
                done[i] = 1;
                running--;
                /* A worker that died could not say what it found: an error. */
                had[i] = WIFEXITED(st) ? WEXITSTATUS(st) : HAD_ERRORS;
                if (!WIFEXITED(st))
                    fprintf(outs[i], "%s: FAIL (lint itself was killed by signal SIG%s)\n", o->cases.items[i],
                            sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "?");
            }
        for (; printed < n && done[printed]; printed++)
            drain(outs[printed]);
        if (p < 0 && running > 0)
            rc = -1;
    }
    while (running-- > 0) /* after an error: reap what was started */
        wait(NULL);
    free(pids), free(outs), free(done);
    return rc;
}

int rk_cmd_lint(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    int rc = RK_EXIT_USAGE;
    o.root = rk_path_join(rk_paths_get()->source_dir, "cases");
    /* `check` runs as this very program: exec'd through /proc/self/exe in
     * the child, that stays right even if the file is rebuilt meanwhile. */
    o.lint.self = "/proc/self/exe";
    if (getcwd(o.cwd, sizeof o.cwd) == NULL)
        o.cwd[0] = '\0';
    if ((rc = parse_args(argc, argv, &o)) != RK_OPTS_GO_ON)
        goto out;
    rc = RK_EXIT_USAGE;
    if (o.cases.n == 0 && rk_case_list(o.root, &o.cases) <= 0) {
        rk_error("lint: %s: no case folders found", o.root);
        goto out;
    }
    int *had = rk_xcalloc((size_t)o.cases.n, sizeof *had);
    if (o.jobs > 1 && o.cases.n > 1) {
        if (lint_parallel(&o, had) < 0) {
            free(had);
            goto out;
        }
    } else {
        for (int i = 0; i < o.cases.n; i++)
            had[i] = lint_one(&o, i, stdout);
    }
    int errors = 0, warnings = 0;
    for (int i = 0; i < o.cases.n; i++) {
        errors += (had[i] & HAD_ERRORS) != 0;
        warnings += (had[i] & HAD_WARNINGS) != 0 && (had[i] & HAD_ERRORS) == 0; /* "only": no errors too */
    }
    printf("lint: %d case%s: %d with errors, %d with warnings only\n", o.cases.n, o.cases.n == 1 ? "" : "s",
           errors, warnings);
    free(had);
    rc = errors ? RK_EXIT_FAIL : RK_EXIT_PASS;
out:
    free(o.root);
    rk_sl_free(&o.cases);
    return rc;
}
