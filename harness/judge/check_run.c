/* check_run.c - one judged run of a variant for `racekit check`: spawn it
 * in the sandbox with the harness's environment, read what the detector
 * reported (hook records and text), classify and judge (see check.h). */
#define _GNU_SOURCE
#include "check.h"
#include "util/util.h"
#include "run/run.h"
#include "read/read.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The reasons and notes of the harness's own findings. */
static const char NOT_INSTRUMENTED[] =
    "this variant was not built with ThreadSanitizer (its flags turn the sanitizer off, e.g. "
    "-fno-sanitize=thread in cflags), so TSan could not check anything it did";
static const char ASLR_NOTE[] =
    "(run with ASLR disabled: ThreadSanitizer failed with 'unexpected memory mapping' under this "
    "kernel's address-space randomisation)";
static const char ASLR_FAILED_NOTE[] = "(it failed with ASLR disabled too)";

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

/* Spawn the binary once; fill r->run and the records it wrote. */
static int spawn_once(const struct check *k, double timeout_s, int want_stacks, rk_sandbox *sandbox,
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

/* The kind of which TSan's text holds more reports than the hook's
 * records, or NULL. */
static const char *kind_missing(const rk_report_list *hook, const rk_report_list *text)
{
    for (int i = 0; i < text->n; i++) {
        int in_text = 0, in_hook = 0;
        for (int j = 0; j < text->n; j++)
            in_text += strcmp(text->items[j].kind, text->items[i].kind) == 0;
        for (int j = 0; j < hook->n; j++)
            in_hook += strcmp(hook->items[j].kind, text->items[i].kind) == 0;
        if (in_text > in_hook)
            return text->items[i].kind;
    }
    return NULL;
}

/* Read the hook's records and the text report. The hook decides (it cannot
 * be confused by what the program prints); the text only adds the inlined
 * frames when it agrees, or stands in when it saw more reports and the hook
 * never started (it was not linked in). A report the text holds and the
 * records do not is tampering (hidden from the channel, or printed by the
 * program): the run is tool-error, so neither channel can be silenced
 * alone. */
static void collect_reports(const rk_detector *det, struct check_run *r, const rk_strbuf *records,
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
    const char *hidden = r->hook_started && r->tampered == NULL ? kind_missing(&r->reports, &text) : NULL;
    /* A run the harness killed may have been between the text and the record. */
    if (hidden && r->run.end != RK_END_TIMEOUT && r->run.limit != RK_LIMIT_MEMORY)
        r->tampered = rk_xasprintf("ThreadSanitizer's text on stderr holds a %s report that never reached the "
                                   "harness on the channel (a report seen on either counts; one hidden from "
                                   "the channel, or printed by the program, cannot be trusted)", hidden);
    if (!rk_reports_enrich(&r->reports, &text) && text.n > r->reports.n && !r->hook_started) {
        rk_report_list tmp = r->reports;
        r->reports = text;
        text = tmp;
    }
    rk_report_list_free(&text);
    rk_lock_cycles_attach(&r->reports, rk_sb_cstr(&r->run.err), r->run.err.len);
    r->tool_error = rk_tsan_tool_error(rk_sb_cstr(&r->run.err), r->run.err.len);
    if (r->tool_error == NULL && rk_hook_no_runtime(rk_sb_cstr(records), records->len))
        r->tool_error = rk_xstrdup(NOT_INSTRUMENTED);
}

/* The program's own check, beyond RACEKIT_CHECK's record: an abort with
 * glibc's "Assertion ... failed." line is a failed assert(), outcome
 * invariant. A check that failed in a worker thread exits while the other
 * threads run, so the thread leak TSan then reports is the exit's doing,
 * not a finding of its own. */
static void own_check(struct check_run *r)
{
    if (!r->invariant.failed && r->run.end == RK_END_SIGNAL && r->run.status == SIGABRT)
        rk_assert_parse(rk_sb_cstr(&r->run.err), r->run.err.len, &r->invariant);
    if (r->invariant.failed)
        rk_report_list_drop(&r->reports, "thread-leak");
}

void check_run_free(struct check_run *r)
{
    rk_run_free(&r->run);
    rk_report_list_free(&r->reports);
    rk_invariant_free(&r->invariant);
    free(r->tool_error);
    free(r->tampered);
    free(r->stacks);
    free(r->stacks_summary);
    free(r->reason);
    memset(r, 0, sizeof *r);
}

static void add_note(struct check_run *r, const char *sep, const char *note)
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
static void annotate(struct check_run *r)
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

/* Outcome, verdict and reason of one run. A variant that calls what its
 * detector cannot see is a tool-error whatever the run did (the detector's
 * silence or crash means nothing); it passes only where the case expects
 * `unsupported`, which then holds for both variants. */
static void judge(const struct check *k, struct check_run *r, const rk_facts *f, double timeout)
{
    int safe = strcmp(k->opt.variant, "safe") == 0;
    int want_unsupported = rk_sl_contains(k->expect, "unsupported");
    if (r->run.refused_call) {
        char *end_said = rk_end_describe(f->run), more[48] = "";
        if (r->run.refused > 1)
            snprintf(more, sizeof more, ", and %d more", r->run.refused - 1);
        r->outcome = RK_OUT_TOOL_ERROR;
        r->pass = 0;
        r->reason = rk_xasprintf("the sandbox refused a system call the program made: %s%s; no verdict can be "
                                 "trusted (this run: %s)", r->run.refused_call, more, end_said);
        free(end_said);
        return;
    }
    if (r->tampered) {
        char *end_said = rk_end_describe(f->run);
        r->outcome = RK_OUT_TOOL_ERROR;
        r->pass = 0;
        r->reason = rk_xasprintf("the program tampered with its report channel: %s; no verdict can be "
                                 "trusted (this run: %s)", r->tampered, end_said);
        free(end_said);
        return;
    }
    if (k->unseen.n > 0) {
        char *why = rk_unseen_reason(&k->unseen, k->runtime_name, k->variant_file);
        char *end = rk_end_describe(f->run);
        r->outcome = RK_OUT_TOOL_ERROR;
        r->pass = want_unsupported;
        r->reason = rk_xasprintf("%s%s (this run: %s)", want_unsupported ? "unsupported, as expected: " : "",
                                 why, end);
        free(end);
        free(why);
        return;
    }
    r->outcome = rk_classify(f);
    if (want_unsupported) {
        r->pass = 0;
        r->reason = rk_xasprintf("expected %s to be unable to see this program (a call its runtime does not "
                                 "intercept), but it saw every call, and the run was %s", k->runtime_name,
                                 rk_outcome_name(r->outcome));
        return;
    }
    r->pass = rk_judge(safe, safe ? k->false_alarms : k->expect, r->outcome, f, timeout, &r->reason);
}

int check_run_once(struct check *k, int want_stacks, rk_sandbox *sandbox, struct check_run *r)
{
    double timeout = k->meta.timeout * k->det->timeout_scale;
    for (int attempt = 0; attempt < 2; attempt++) {
        rk_strbuf records = RK_STRBUF_INIT;
        memset(r, 0, sizeof *r);
        r->variant_file = k->variant_file;
        r->aslr_disabled = k->aslr_off;
        int rc = spawn_once(k, timeout, want_stacks, sandbox, r, &records);
        if (rc == 0) {
            collect_reports(k->det, r, &records, k->variant_file);
            own_check(r);
        }
        rk_sb_free(&records);
        if (rc < 0)
            return -1;
        if (!k->aslr_off && r->tool_error && rk_tsan_is_mapping_error(rk_sb_cstr(&r->run.err), r->run.err.len)) {
            k->aslr_off = 1;
            check_run_free(r);
            continue;
        }
        break;
    }
    rk_facts f = { &r->run, &r->reports, &r->invariant, r->tool_error, 0, k->variant_file,
                   k->det->display_name };
    judge(k, r, &f, timeout);
    annotate(r);
    return 0;
}
