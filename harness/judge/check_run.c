/* check_run.c - one judged run of a variant for `racekit check`: spawn it
 * (check_spawn.c), read what the detector reported (hook records and
 * text), classify and judge (see check.h). */
#define _GNU_SOURCE
#include "check.h"
#include "util/util.h"
#include "run/run.h"
#include "read/read.h"

#include <errno.h>
#include <signal.h>
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
        int rc = check_spawn_once(k, timeout, want_stacks, sandbox, r, &records);
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
