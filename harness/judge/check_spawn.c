/* check_spawn.c - start one judged run of a variant for `racekit check`:
 * TSan's options, the child's environment and command line, the records
 * channel, and whether the channel's records can be trusted (see check.h). */
#define _GNU_SOURCE
#include "check.h"
#include "util/util.h"
#include "run/run.h"
#include "read/read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Options of the harness for every TSan run: see docs/reading-tsan-reports.md.
 * The second line restates defaults: TSAN_OPTIONS overrides what a program's
 * own __tsan_default_options() returns, so it cannot turn reports off. */
static const char TSAN_OPTIONS[] =
    "atexit_sleep_ms=0 second_deadlock_stack=1 halt_on_error=0 "
    "handle_segv=0 handle_sigbus=0 handle_abort=0 handle_sigfpe=0 handle_sigill=0 "
    "report_bugs=1 report_thread_leaks=1 report_destroy_locked=1 report_mutex_bugs=1 report_signal_unsafe=1 "
    "report_atomic_races=1 detect_deadlocks=1 ignore_noninstrumented_modules=0 ignore_interceptors_accesses=0 "
    "suppressions= log_path=stderr";

void check_tsan_options(struct check *k, const char *cc)
{
    char *cc_path = rk_find_program(cc), *real = cc_path ? realpath(cc_path, NULL) : NULL;
    char *symbolizer = NULL;
    int clang = real && strstr(rk_basename(real), "clang");
    if (clang) { /* clang's own beside it, else the configured one; never PATH */
        *strrchr(real, '/') = '\0';
        symbolizer = rk_path_join(real, "llvm-symbolizer");
        char *refused = rk_is_file(symbolizer) ? rk_tool_refusal(symbolizer, NULL) : rk_xstrdup("");
        if (refused)
            symbolizer = (free(symbolizer), NULL);
        free(refused);
    }
    k->symbolize_here = k->det->family == RK_FAMILY_TSAN && clang && rk_sym_available() &&
                        getenv("RACEKIT_TSAN_SYMBOLIZER") == NULL;
    if (k->symbolize_here) {
        k->tsan_options = rk_xasprintf("%s symbolize=0", TSAN_OPTIONS);
        k->symbolizer = rk_sym_new(); /* the binary is opened once, not per run */
    }
    else if (k->det->family == RK_FAMILY_TSAN) {
        if (symbolizer == NULL && clang)
            symbolizer = rk_tool_find(RK_TOOL_SYMBOLIZER, "TSan's reports will lack file names and lines");
        /* An empty path turns TSan's own search of PATH off. */
        k->tsan_options = rk_xasprintf("%s external_symbolizer_path=%s", TSAN_OPTIONS, symbolizer ? symbolizer : "");
    } else
        k->tsan_options = rk_xstrdup(TSAN_OPTIONS);
    free(symbolizer), free(real), free(cc_path);
}


/* The child's environment: ours without TSAN_OPTIONS and the channel's
 * variables, plus the harness's values. Caller frees the array and its last
 * 3 items. */
static int inherited(const char *entry)
{
    return strncmp(entry, "TSAN_OPTIONS=", 13) != 0 && strncmp(entry, "RACEKIT_REPORT_", 15) != 0;
}

static char **child_env(const char *tsan_options, const rk_channel *channel, int *n_owned)
{
    size_t k;
    char **env = rk_env_select(inherited, 3, &k);
    env[k++] = rk_xasprintf("TSAN_OPTIONS=%s", tsan_options);
    env[k++] = rk_xasprintf("RACEKIT_REPORT_FD=%d", RK_CHANNEL_FD);
    env[k++] = rk_xasprintf("RACEKIT_REPORT_KEY=%s", channel->key);
    *n_owned = 3;
    return env;
}

static void on_timeout(pid_t pid, void *ctx)
{
    struct check_run *r = ctx;
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
    char *valgrind = rk_tool_find(RK_TOOL_VALGRIND, "the run cannot start");
    /* --vgdb=no: no gdbserver FIFOs in /tmp. Left behind by a killed run,
     * one named after a reused pid made a later run fail to start. */
    char *argv[] = { valgrind, tool, "-q", "--error-limit=no", "--child-silent-after-fork=yes", "--vgdb=no",
                     (char *)binary, NULL };
    memcpy(storage, argv, sizeof argv);
    return storage;
}

/* Why the hook's options line says the runtime was told more or other
 * than the harness told it, or NULL: TSAN_OPTIONS must be the harness's,
 * and the program may give no options of its own (__tsan_default_options()
 * could set what TSAN_OPTIONS does not name) nor suppressions (which hide
 * reports). */
static char *options_not_ours(const struct check *k, const char *line)
{
    if (line == NULL)
        return rk_xstrdup("racekit's hook did not say which options ThreadSanitizer ran with");
    const char *defaults = strchr(line, '\t'), *supp = defaults ? strchr(defaults + 1, '\t') : NULL;
    if (supp == NULL)
        return rk_xstrdup("racekit's hook did not say which options ThreadSanitizer ran with");
    if ((size_t)(defaults - line) != strlen(k->tsan_options) || strncmp(line, k->tsan_options, (size_t)(defaults - line)) != 0)
        return rk_xasprintf("ThreadSanitizer ran with TSAN_OPTIONS that are not the harness's (%.*s)",
                            (int)(defaults - line > 200 ? 200 : defaults - line), line);
    if (supp > defaults + 1)
        return rk_xasprintf("the program gives ThreadSanitizer options of its own in __tsan_default_options() "
                            "(%.*s)", (int)(supp - defaults - 1 > 200 ? 200 : supp - defaults - 1), defaults + 1);
    if (supp[1] != '\0')
        return rk_xasprintf("the program suppresses reports in __tsan_default_suppressions() (%.200s)", supp + 1);
    return NULL;
}

/* Why the channel's records of a finished run cannot be trusted, or NULL.
 * Under TSan the hook must have started with the harness's options and,
 * when the program exited by itself, the runtime must have finished: only
 * an exit that bypasses the runtime (the raw exit_group system call) or a
 * closed or replaced channel loses the bye, and either can hide what TSan
 * checks at exit. A hook that could not write ends its process with
 * RK_CHANNEL_FAILED_STATUS. */
static char *tamper_reason(const struct check *k, const struct check_run *r, const rk_channel_view *v)
{
    if (v->forged)
        return rk_xstrdup(v->forged);
    if (k->det->family == RK_FAMILY_VALGRIND)
        return NULL;
    if (v->hello && r->run.end == RK_END_EXIT && r->run.status == RK_CHANNEL_FAILED_STATUS)
        return rk_xstrdup("racekit's hook could not write a record to it (it was closed, replaced, shut "
                          "down or made to refuse the write), so reports may be missing");
    char *options = v->hello ? options_not_ours(k, v->options) : NULL;
    if (options)
        return options;
    if (r->run.end != RK_END_EXIT)
        return NULL;
    if (!v->hello)
        return rk_xstrdup("racekit's hook never wrote to it (it was closed or replaced before main)");
    if (!v->bye && !rk_hook_no_runtime(v->records.buf ? v->records.buf : "", v->records.len))
        return rk_xstrdup("it ended without ThreadSanitizer's end-of-run step (the channel was closed or "
                          "replaced, or the program left by the raw exit_group system call), so reports "
                          "may be missing");
    return NULL;
}

/* Resolve the frames of a run TSan did not symbolize (symbolize=0): the
 * verified records go to `records`, and the text report is rewritten. */
static void symbolize_run(rk_symbolizer *s, const char *binary, const rk_strbuf *verified, rk_strbuf *records,
                          rk_strbuf *err)
{
    rk_symbolize_records(s, verified->buf ? verified->buf : "", verified->len, records);
    rk_strbuf text = RK_STRBUF_INIT;
    rk_symbolize_tsan_text(s, rk_sb_cstr(err), err->len, binary, &text);
    rk_sb_free(err);
    *err = text;
}

/* RACEKIT_SYSCALL_FILTER=off: no system-call filter, for the hostile
 * suite to show the records channel's own defences under it. */
static int filter_off(void)
{
    const char *v = getenv("RACEKIT_SYSCALL_FILTER");
    return v && strcmp(v, "off") == 0;
}

/* rk_spawn's on_watch: take what the records channel holds. */
static void take_records(void *ctx)
{
    rk_channel_take(ctx);
}

int check_spawn_once(const struct check *k, double timeout_s, int want_stacks, rk_sandbox *sandbox,
                      struct check_run *r, rk_strbuf *records)
{
    const char *binary = k->built.binary;
    rk_channel channel;
    if (rk_channel_open(&channel) < 0) {
        rk_error("cannot create a records channel: %s", strerror(errno));
        return -1;
    }
    int n_owned;
    char **env = child_env(k->tsan_options, &channel, &n_owned);
    char *storage[10];
    char **argv = run_argv(k->det, binary, storage);
    rk_spawn_opts o = RK_SPAWN_OPTS_INIT;
    o.argv = argv;
    o.envp = env;
    o.timeout_s = timeout_s;
    o.pass_fd = channel.child_fd;
    o.pass_fd_to = RK_CHANNEL_FD;
    o.watch_fd = channel.read_fd;
    o.on_watch = take_records;
    o.on_watch_ctx = &channel;
    /* Not under Valgrind: it sets limits and moves descriptors of its own
     * at start, and would be refused for what it does for the program. */
    o.syscall_filter = k->det->family == RK_FAMILY_TSAN && !filter_off();
    o.no_aslr = k->aslr_off;
    o.on_timeout = want_stacks ? on_timeout : NULL;
    o.on_timeout_ctx = r;
    o.sandbox = sandbox;
    int rc = argv[0] ? rk_spawn(&o, &r->run) : (errno = ENOENT, -1);
    if (argv != storage || argv[0] != binary)
        free(argv[0]);
    size_t n_env = 0;
    while (env[n_env])
        n_env++;
    for (int i = 1; i <= n_owned; i++)
        free(env[n_env - (size_t)i]);
    free(env);
    if (rc == 0) {
        rk_channel_view view = RK_CHANNEL_VIEW_INIT;
        rk_channel_verify(rk_sb_cstr(&channel.raw), channel.raw.len, channel.key, &view);
        r->hook_started = view.hello;
        r->tampered = tamper_reason(k, r, &view);
        rk_work_parse(rk_sb_cstr(&view.records), view.records.len, &r->work);
        if (k->symbolize_here)
            symbolize_run(k->symbolizer, binary, &view.records, records, &r->run.err);
        else
            rk_sb_add(records, view.records.buf ? view.records.buf : "", view.records.len);
        rk_channel_view_free(&view);
    } else {
        rk_error("cannot run %s: %s", binary, strerror(errno));
    }
    rk_channel_close(&channel);
    return rc;
}
