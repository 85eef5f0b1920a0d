/* cmd_check.c - `racekit check`: compile a variant, run it, classify each
 * run, judge it against the case's expectation, write the result file and
 * print one verdict line. */
#define _GNU_SOURCE
#include "case_dir.h"
#include "case_meta.h"
#include "classify.h"
#include "commands.h"
#include "compile.h"
#include "exercise.h"
#include "detectors.h"
#include "fsutil.h"
#include "hook_records.h"
#include "markers.h"
#include "paths.h"
#include "result.h"
#include "results_load.h"
#include "sandbox.h"
#include "stacks.h"
#include "tsan_build.h"
#include "tsan_text.h"
#include "valgrind_text.h"
#include "witness.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

enum { MAX_RUNS = 10000, RECORDS_CAP = 4 << 20, SHOWN_LINES = 40 };

/* The reasons and notes of the harness's own findings. */
static const char NOT_INSTRUMENTED[] =
    "this variant was not built with ThreadSanitizer (its flags turn the sanitizer off, e.g. "
    "-fno-sanitize=thread in cflags), so TSan could not check anything it did";
static const char ASLR_NOTE[] =
    "(run with ASLR disabled: ThreadSanitizer failed with 'unexpected memory mapping' under this "
    "kernel's address-space randomisation)";
static const char ASLR_FAILED_NOTE[] = "(it failed with ASLR disabled too)";

/* Options of the harness for every TSan run: see docs/reading-tsan-reports.md. */
static const char TSAN_OPTIONS[] =
    "atexit_sleep_ms=0 second_deadlock_stack=1 halt_on_error=0 "
    "handle_segv=0 handle_sigbus=0 handle_abort=0 handle_sigfpe=0 handle_sigill=0";

/* The options in force for this check: TSAN_OPTIONS plus, for clang's
 * runtimes, the llvm-symbolizer next to the compiler (clang 19's runtime
 * does not find one by itself). Set once by set_tsan_options. */
static char *tsan_options_in_force;

static void set_tsan_options(const rk_detector *det, const char *cc)
{
    char *cc_path = rk_find_program(cc), *real = cc_path ? realpath(cc_path, NULL) : NULL;
    char *symbolizer = NULL;
    if (real && strstr(rk_basename(real), "clang")) {
        *strrchr(real, '/') = '\0';
        symbolizer = rk_path_join(real, "llvm-symbolizer");
        if (!rk_is_file(symbolizer))
            symbolizer = (free(symbolizer), rk_find_program("llvm-symbolizer"));
    }
    if (det->family == RK_FAMILY_TSAN && symbolizer)
        tsan_options_in_force = rk_xasprintf("%s external_symbolizer_path=%s", TSAN_OPTIONS, symbolizer);
    else
        tsan_options_in_force = rk_xstrdup(TSAN_OPTIONS);
    free(symbolizer), free(real), free(cc_path);
}

struct options {
    int runs;
    int witness; /* uninstrumented runs to count, 0 for none */
    const char *detector;
    int quiet;
    const char *case_arg;
    const char *variant;
    const char *cases_root; /* NULL: <source>/cases */
};

/* One run, with everything needed to judge and report it. */
struct run {
    rk_run run;
    rk_report_list reports;
    rk_invariant invariant;
    char *tool_error;
    char *stacks;
    char *stacks_summary;   /* who waits for whom at the timeout */
    const char *variant_file;
    int aslr_disabled;
    rk_outcome outcome;
    int pass;
    char *reason;
};

static int usage(void)
{
    fputs("usage: racekit check [--runs N] [--witness N] [--detector NAME] [--cases-root DIR] [--quiet]"
          " <case-dir> <unsafe|safe>\n", stderr);
    return RK_EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct options *o)
{
    memset(o, 0, sizeof *o);
    o->runs = 1;
    o->detector = "tsan";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--runs") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end != '\0' || n < 1 || n > MAX_RUNS) {
                rk_error("--runs: '%s' is not a number from 1 to %d", argv[i], MAX_RUNS);
                return -1;
            }
            o->runs = (int)n;
        } else if (strcmp(a, "--witness") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end != '\0' || n < 0 || n > MAX_RUNS) {
                rk_error("--witness: '%s' is not a number from 0 to %d", argv[i], MAX_RUNS);
                return -1;
            }
            o->witness = (int)n;
        } else if (strcmp(a, "--detector") == 0 && i + 1 < argc) {
            o->detector = argv[++i];
        } else if (strcmp(a, "--cases-root") == 0 && i + 1 < argc) {
            o->cases_root = argv[++i];
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            rk_error("check: unknown option '%s'", a);
            return usage(), -1;
        } else if (o->case_arg == NULL) {
            o->case_arg = a;
        } else if (o->variant == NULL) {
            o->variant = a;
        } else {
            return usage(), -1;
        }
    }
    if (o->case_arg == NULL || o->variant == NULL)
        return usage(), -1;
    if (strcmp(o->variant, "unsafe") != 0 && strcmp(o->variant, "safe") != 0) {
        rk_error("check: variant must be 'unsafe' or 'safe', not '%s'", o->variant);
        return -1;
    }
    return 0;
}

/* The child's environment: ours without TSAN_OPTIONS / RACEKIT_REPORT_FD,
 * plus the harness's values. Caller frees the array and its last 2 items. */
static char **child_env(int records_fd, int *n_owned)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = rk_xcalloc(n + 3, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "TSAN_OPTIONS=", 13) != 0 && strncmp(environ[i], "RACEKIT_REPORT_FD=", 18) != 0)
            env[k++] = environ[i];
    env[k++] = rk_xasprintf("TSAN_OPTIONS=%s", tsan_options_in_force);
    env[k++] = rk_xasprintf("RACEKIT_REPORT_FD=%d", records_fd);
    *n_owned = 2;
    return env;
}

static void on_timeout(pid_t pid, void *ctx)
{
    struct run *r = ctx;
    if (r->stacks == NULL)
        r->stacks = rk_collect_stacks(pid, r->variant_file, &r->stacks_summary);
}

/* The command line of one run: the binary, or Valgrind's tool around it. */
static char **run_argv(const rk_detector *det, const char *binary, char **storage)
{
    if (det->family != RK_FAMILY_VALGRIND) {
        storage[0] = (char *)binary;
        storage[1] = NULL;
        return storage;
    }
    static char tool[32];
    snprintf(tool, sizeof tool, "--tool=%s", det->valgrind_tool);
    char *valgrind = rk_find_program("valgrind");
    /* --vgdb=no: no gdbserver FIFOs in /tmp. Left behind by a killed run,
     * one named after a reused pid made a later run fail to start. */
    char *argv[] = { valgrind, tool, "-q", "--error-limit=no", "--child-silent-after-fork=yes", "--vgdb=no",
                     (char *)binary, NULL };
    memcpy(storage, argv, sizeof argv);
    return storage;
}

/* Spawn the binary once; fill r->run and the records it wrote. */
static int spawn_once(const rk_detector *det, const char *binary, double timeout_s, int no_aslr,
                      int want_stacks, rk_sandbox *sandbox, struct run *r, rk_strbuf *records)
{
    int fd = open(rk_paths_get()->build_dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0)
        fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {
        rk_error("cannot create a records file: %s", strerror(errno));
        return -1;
    }
    int n_owned;
    char **env = child_env(fd, &n_owned);
    char *storage[10];
    char **argv = run_argv(det, binary, storage);
    rk_spawn_opts o = RK_SPAWN_OPTS_INIT;
    o.argv = argv;
    o.envp = env;
    o.timeout_s = timeout_s;
    o.pass_fd = fd;
    o.no_aslr = no_aslr;
    o.on_timeout = want_stacks ? on_timeout : NULL;
    o.on_timeout_ctx = r;
    o.sandbox = sandbox;
    int rc = argv[0] ? rk_spawn(&o, &r->run) : (errno = ENOENT, -1);
    if (argv != storage || argv[0] != binary)
        free(argv[0]);
    size_t k = 0;
    while (env[k])
        k++;
    for (int i = 1; i <= n_owned; i++)
        free(env[k - (size_t)i]);
    free(env);
    if (rc == 0) {
        char buf[65536];
        ssize_t got;
        lseek(fd, 0, SEEK_SET);
        while (records->len < RECORDS_CAP && (got = read(fd, buf, sizeof buf)) > 0)
            rk_sb_add(records, buf, (size_t)got);
    } else {
        rk_error("cannot run %s: %s", binary, strerror(errno));
    }
    close(fd);
    return rc;
}

/* Read the hook's records and the text report. The hook decides (it cannot
 * be confused by what the program prints); the text only adds the inlined
 * frames when it agrees, or stands in when it saw more reports (e.g. the
 * hook was not linked in). */
static void collect_reports(const rk_detector *det, struct run *r, const rk_strbuf *records,
                            const char *variant_file)
{
    rk_report_list text = RK_REPORT_LIST_INIT;
    rk_hook_parse(rk_sb_cstr(records), records->len, variant_file, &r->reports, &r->invariant);
    if (det->family == RK_FAMILY_VALGRIND) {
        rk_valgrind_text_parse(rk_sb_cstr(&r->run.err), r->run.err.len, variant_file, &r->reports);
        r->tool_error = rk_valgrind_tool_error(rk_sb_cstr(&r->run.err), r->run.err.len);
        return;
    }
    rk_tsan_text_parse(rk_sb_cstr(&r->run.err), r->run.err.len, variant_file, &text);
    if (!rk_reports_enrich(&r->reports, &text) && text.n > r->reports.n) {
        rk_report_list tmp = r->reports;
        r->reports = text;
        text = tmp;
    }
    rk_report_list_free(&text);
    r->tool_error = rk_tsan_tool_error(rk_sb_cstr(&r->run.err), r->run.err.len);
    if (r->tool_error == NULL && rk_hook_no_runtime(rk_sb_cstr(records), records->len))
        r->tool_error = rk_xstrdup(NOT_INSTRUMENTED);
}

static void run_free(struct run *r)
{
    rk_run_free(&r->run);
    rk_report_list_free(&r->reports);
    rk_invariant_free(&r->invariant);
    free(r->tool_error);
    free(r->stacks);
    free(r->stacks_summary);
    free(r->reason);
    memset(r, 0, sizeof *r);
}

/* Set once TSan could not map its memory with ASLR on: every later run of
 * this check starts with ASLR off instead of failing first. */
static int aslr_off;

static void add_note(struct run *r, const char *sep, const char *note)
{
    char *s = rk_xasprintf("%s%s%s", r->reason, sep, note);
    free(r->reason);
    r->reason = s;
}

/* A reason is one line: the first lines of a runtime's message are
 * joined with " / ". Returns a new string; frees `s`. */
static char *one_line(char *s)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    for (const char *in = s; *in; in++) {
        if (*in != '\n') {
            rk_sb_putc(&sb, *in);
            continue;
        }
        while (in[1] == ' ' || in[1] == '\t')
            in++;
        if (in[1] != '\0')
            rk_sb_puts(&sb, " / ");
    }
    free(s);
    return rk_sb_detach(&sb);
}

/* What the harness itself found, in the reason: the variant has no TSan,
 * who waited for whom when it hung, what it left running, ASLR was off. */
static void annotate(struct run *r)
{
    if (r->outcome == RK_OUT_TOOL_ERROR && r->tool_error && strcmp(r->tool_error, NOT_INSTRUMENTED) == 0) {
        free(r->reason);
        r->reason = rk_xstrdup(NOT_INSTRUMENTED);
    }
    if (r->outcome == RK_OUT_HANG && r->stacks_summary)
        add_note(r, "; ", r->stacks_summary);
    if (r->run.orphans > 0) {
        char *note = rk_xasprintf("(%d process%s it left running after it ended %s killed)", r->run.orphans,
                                  r->run.orphans == 1 ? "" : "es", r->run.orphans == 1 ? "was" : "were");
        add_note(r, " ", note);
        free(note);
    }
    if (r->aslr_disabled)
        add_note(r, " ", r->outcome == RK_OUT_TOOL_ERROR ? ASLR_FAILED_NOTE : ASLR_NOTE);
    r->reason = one_line(r->reason);
}

/* One judged run; retried once with ASLR off when TSan cannot map its
 * shadow memory (kernel ASLR entropy too high for the runtime). */
static int run_once(const rk_detector *det, const char *binary, const rk_meta *meta,
                    const rk_strlist *expect, int safe, const char *variant_file, int want_stacks,
                    rk_sandbox *sandbox, struct run *r)
{
    double timeout = meta->timeout * det->timeout_scale;
    for (int attempt = 0; attempt < 2; attempt++) {
        rk_strbuf records = RK_STRBUF_INIT;
        memset(r, 0, sizeof *r);
        r->variant_file = variant_file;
        r->aslr_disabled = aslr_off;
        int rc = spawn_once(det, binary, timeout, aslr_off, want_stacks, sandbox, r, &records);
        if (rc == 0)
            collect_reports(det, r, &records, variant_file);
        rk_sb_free(&records);
        if (rc < 0)
            return -1;
        if (!aslr_off && r->tool_error && rk_tsan_is_mapping_error(rk_sb_cstr(&r->run.err), r->run.err.len)) {
            aslr_off = 1;
            run_free(r);
            continue;
        }
        break;
    }
    rk_facts f = { &r->run, &r->reports, &r->invariant, r->tool_error, 0, variant_file,
                   det->display_name };
    r->outcome = rk_classify(&f);
    r->pass = rk_judge(safe, expect, r->outcome, &f, timeout, &r->reason);
    annotate(r);
    return 0;
}

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

struct check {
    struct options opt;
    const rk_detector *det;
    rk_witness witness;
    int have_witness;
    rk_case c;
    rk_meta meta;
    const rk_strlist *expect;
    const rk_strlist *false_alarms; /* the detector's known false alarms on safe.c */
    char *source;
    char variant_file[16];
    rk_markers markers;
    rk_build build;
    rk_build_result built;
    char *compiler;
    double start;
};

/* The line of the variant a failure points at: the first reported access
 * (else location) in the variant's file, the failed check, the compiler's
 * first message about the file, else the first `// RACE` line, else 1. */
static int failure_line(const struct check *k, const struct run *shown)
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
static int finish(struct check *k, struct run *shown, int runs, int passed, int detected,
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
    res.tsan_options = tsan_options_in_force;
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

/* Run the variant opt.runs times; the run shown is the first failing one.
 * Stacks are recorded for a hang only while the run shown might still be
 * replaced and has none: at most once when every run hangs alike. */
static int run_all(struct check *k)
{
    int safe = strcmp(k->opt.variant, "safe") == 0;
    struct run shown, cur;
    int have_shown = 0, passed = 0, detected = 0, counts[RK_OUT_BUILD_ERROR + 1] = { 0 };
    double *durations = rk_xcalloc((size_t)k->opt.runs, sizeof *durations);
    rk_exercise *exercise = safe ? rk_exercise_open(k->c.dir) : NULL; /* grades a student's repair */
    memset(&shown, 0, sizeof shown);
    rk_sandbox sandbox;
    rk_sandbox_open(&sandbox, k->built.binary);
    int done = 0;
    for (; done < k->opt.runs; done++) {
        int want_stacks = !have_shown || (shown.pass && shown.stacks == NULL);
        if (run_once(k->det, k->built.binary, &k->meta, safe ? k->false_alarms : k->expect, safe, k->variant_file, want_stacks,
                     &sandbox, &cur) < 0)
            break;
        rk_exercise_grade(exercise, &cur.run, &cur.pass, &cur.reason);
        durations[done] = cur.run.duration_s;
        counts[cur.outcome]++;
        passed += cur.pass;
        detected += cur.outcome == RK_OUT_REPORTED || cur.outcome == RK_OUT_INVARIANT || cur.outcome == RK_OUT_HANG;
        if (!have_shown || (shown.pass && !cur.pass)) {
            if (have_shown)
                run_free(&shown);
            shown = cur;
            have_shown = 1;
        } else {
            run_free(&cur);
        }
    }
    rk_sandbox_close(&sandbox);
    int rc = done == 0 ? RK_EXIT_USAGE
                       : finish(k, &shown, done, passed, detected, counts, median(durations, done));
    if (have_shown)
        run_free(&shown);
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
}

/* Remove `dir` and the files in it (the compiler leaves no subfolders). */
static void remove_flat_dir(const char *dir)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *path = rk_path_join(dir, e->d_name);
        unlink(path);
        free(path);
    }
    if (d)
        closedir(d);
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
    if (parse_args(argc, argv, &k.opt) < 0)
        return RK_EXIT_USAGE;
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
    tmpdir = compile_tmpdir_enter();
    k.compiler = rk_compiler_version(k.build.cc, k.build.hook_cache);
    set_tsan_options(k.det, k.build.cc);
    if (rk_compile(&k.build, k.source, &k.built) < 0) {
        rk_error("%s: cannot build: %s", k.source, rk_sb_cstr(&k.built.diagnostics));
        goto out;
    }
    if (!k.built.ok) {
        int counts[RK_OUT_BUILD_ERROR + 1] = { 0 };
        counts[RK_OUT_BUILD_ERROR] = 1;
        rc = finish(&k, NULL, 1, 0, 0, counts, 0);
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
    free(tsan_options_in_force);
    return rc;
}
