/* classify.c - outcomes and verdicts (see classify.h). */
#define _POSIX_C_SOURCE 200809L
#include "classify.h"
#include "expect.h"
#include "fsutil.h"
#include "strbuf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[] = {
    "clean", "reported", "invariant", "hang", "crash", "exit", "tool-error", "build-error",
};

const char *rk_outcome_name(rk_outcome o) { return names[o]; }

rk_outcome rk_classify(const rk_facts *f)
{
    if (f->build_failed)
        return RK_OUT_BUILD_ERROR;
    if (f->tool_error || (f->run && f->run->end == RK_END_SPAWN_ERROR))
        return RK_OUT_TOOL_ERROR;
    if (f->run && f->run->end == RK_END_TIMEOUT)
        return RK_OUT_HANG;
    if (f->invariant && f->invariant->failed)
        return RK_OUT_INVARIANT;
    if (f->reports && f->reports->n > 0)
        return RK_OUT_REPORTED;
    if (f->run && f->run->end == RK_END_SIGNAL)
        return RK_OUT_CRASH;
    if (f->run && f->run->end == RK_END_EXIT && f->run->status != 0)
        return RK_OUT_EXIT;
    return RK_OUT_CLEAN;
}

/* The detector as reasons name it: "TSan" unless the facts say otherwise. */
static const char *tool_name(const rk_facts *f)
{
    return f->tool ? f->tool : "TSan";
}

static void add_frame(rk_strbuf *sb, const rk_frame *fr)
{
    rk_sb_printf(sb, "%s:%d", rk_basename(fr->file), fr->line);
}

char *rk_where(const rk_report_list *reports, const char *kind)
{
    for (int i = 0; i < reports->n; i++) {
        const rk_report *r = &reports->items[i];
        if (kind && strcmp(r->kind, kind) != 0)
            continue;
        rk_strbuf sb = RK_STRBUF_INIT;
        for (int j = 0; j < r->n_accesses && j < 2; j++) {
            if (j)
                rk_sb_puts(&sb, " vs ");
            add_frame(&sb, &r->accesses[j].frame);
        }
        for (int j = 0; r->n_accesses == 0 && j < r->n_locations && j < 2; j++) {
            if (j)
                rk_sb_puts(&sb, ", ");
            add_frame(&sb, &r->locations[j]);
        }
        if (sb.len == 0) {
            rk_sb_free(&sb);
            return NULL;
        }
        return rk_sb_detach(&sb);
    }
    return NULL;
}

/* "a data race (safe.c:3 vs safe.c:9)" for the first report. */
static char *describe_first_report(const rk_facts *f)
{
    const char *kind = f->reports->items[0].kind;
    char *where = rk_where(f->reports, kind);
    char *s = where ? rk_xasprintf("%s (%s)", kind, where) : rk_xstrdup(kind);
    free(where);
    return s;
}

static char *describe_invariant(const rk_facts *f)
{
    const rk_invariant *inv = f->invariant;
    return rk_xasprintf("%s:%d: %s", inv->file ? inv->file : "?", inv->line,
                        inv->message ? inv->message : "check failed");
}

/* Why a run that should have been clean was not. */
static char *unclean_reason(rk_outcome o, const rk_facts *f, double timeout_s)
{
    char *detail = NULL, *s;
    switch (o) {
    case RK_OUT_REPORTED:
        detail = describe_first_report(f);
        s = rk_xasprintf("%s reported %s: the program still has a concurrency bug",
                         f->tool ? f->tool : "ThreadSanitizer", detail);
        break;
    case RK_OUT_INVARIANT:
        detail = describe_invariant(f);
        s = rk_xasprintf("the program's own check failed at %s", detail);
        break;
    case RK_OUT_HANG:
        s = rk_xasprintf("did not finish within %g s: a deadlock, a lost wakeup or an endless loop", timeout_s);
        break;
    case RK_OUT_CRASH:
    case RK_OUT_EXIT:
        detail = rk_end_describe(f->run);
        s = rk_xasprintf("the program %s without any report", detail);
        break;
    case RK_OUT_TOOL_ERROR:
        s = rk_xasprintf("the detector itself failed: %s",
                         f->tool_error ? f->tool_error : (f->run && f->run->error ? f->run->error : "?"));
        break;
    case RK_OUT_BUILD_ERROR:
        s = rk_xstrdup("the variant does not compile (see the compiler's message)");
        break;
    default:
        s = rk_xstrdup("clean: exit status 0, no report, every check passed");
    }
    free(detail);
    return s;
}

/* Is the run one where the program could be judged at all? */
static int judgeable(rk_outcome o)
{
    return o != RK_OUT_BUILD_ERROR && o != RK_OUT_TOOL_ERROR;
}

static int judge_unsafe(const rk_strlist *expect, rk_outcome o, const rk_facts *f,
                        double timeout_s, char **reason)
{
    rk_strlist kinds = RK_STRLIST_INIT;
    rk_report_kinds(f->reports, &kinds);
    rk_strbuf why = RK_STRBUF_INIT, ok = RK_STRBUF_INIT;
    for (int i = 0; i < expect->n && judgeable(o); i++) {
        const char *item = expect->items[i];
        if (strcmp(item, "invariant") == 0) {
            if (o == RK_OUT_INVARIANT) {
                char *d = describe_invariant(f);
                rk_sb_printf(&ok, "%sthe program's own check failed as expected (%s)", ok.len ? "; " : "", d);
                free(d);
            } else {
                rk_sb_printf(&why, "%sexpected the program's own check to fail, but it passed", why.len ? "; " : "");
            }
        } else if (strcmp(item, "hang") == 0) {
            if (o == RK_OUT_HANG)
                rk_sb_printf(&ok, "%shung as expected: still blocked after %g s, killed", ok.len ? "; " : "", timeout_s);
            else
                rk_sb_printf(&why, "%sexpected the program to hang, but it finished", why.len ? "; " : "");
        } else if (strcmp(item, "missed") == 0) {
            if (kinds.n == 0 && o != RK_OUT_HANG && o != RK_OUT_CRASH) {
                rk_sb_printf(&ok, "%s%s stayed silent, as expected for this blind spot", ok.len ? "; " : "", tool_name(f));
            } else if (kinds.n > 0) {
                char *d = describe_first_report(f);
                rk_sb_printf(&why, "%s%s now detects this (%s); update the case", why.len ? "; " : "", tool_name(f), d);
                free(d);
            } else {
                rk_sb_printf(&why, "%sexpected a silent run, but the program %s", why.len ? "; " : "", rk_outcome_name(o));
            }
        } else if (rk_sl_contains(&kinds, item)) {
            char *where = rk_where(f->reports, item);
            rk_sb_printf(&ok, "%s%s reported as expected", ok.len ? "; " : "", item);
            if (where)
                rk_sb_printf(&ok, " (%s)", where);
            free(where);
        } else {
            char *seen = kinds.n ? rk_sl_join(&kinds, ", ") : NULL;
            if (seen)
                rk_sb_printf(&why, "%sexpected a %s report, but %s reported only %s", why.len ? "; " : "", item,
                             tool_name(f), seen);
            else
                rk_sb_printf(&why, "%sexpected a %s report, but the run was %s: the bug did not show", why.len ? "; " : "",
                             item, rk_outcome_name(o));
            free(seen);
        }
    }
    int pass = judgeable(o) && why.len == 0;
    if (!judgeable(o))
        *reason = unclean_reason(o, f, timeout_s);
    else
        *reason = rk_sb_detach(pass ? &ok : &why);
    rk_sb_free(&why);
    rk_sb_free(&ok);
    rk_sl_free(&kinds);
    return pass;
}

/* 1 when every report in `reports` has one of the kinds in `allowed`. */
static int only_kinds(const rk_report_list *reports, const rk_strlist *allowed)
{
    for (int i = 0; i < reports->n; i++)
        if (!rk_sl_contains(allowed, reports->items[i].kind))
            return 0;
    return 1;
}

int rk_judge(int safe, const rk_strlist *expect, rk_outcome outcome,
             const rk_facts *f, double timeout_s, char **reason)
{
    if (safe) {
        if (outcome == RK_OUT_REPORTED && expect && expect->n > 0 && only_kinds(f->reports, expect)) {
            char *kinds = rk_sl_join(expect, ", ");
            *reason = rk_xasprintf("known false alarm: %s reported although this variant is correct "
                                   "(a limit of the detector, recorded in the case's front matter)", kinds);
            free(kinds);
            return 1;
        }
        *reason = unclean_reason(outcome, f, timeout_s);
        return outcome == RK_OUT_CLEAN;
    }
    return judge_unsafe(expect, outcome, f, timeout_s, reason);
}
