/* classify.c - outcomes and verdicts (see classify.h). */
#define _POSIX_C_SOURCE 200809L
#include "classify.h"
#include "case/case.h"
#include "util/util.h"

#include <stdio.h>
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

/* "T1 locks M1 at unsafe.c:27 while holding M0 (locked at unsafe.c:26)"
 * for every edge of the cycle of `r`, after "cycle M0 -> M1 -> M0: ". */
static void add_cycle(rk_strbuf *sb, const rk_report *r)
{
    rk_sb_puts(sb, "cycle");
    for (int i = 0; i < r->n_edges; i++)
        rk_sb_printf(sb, " M%d ->", r->edges[i].held);
    rk_sb_printf(sb, " M%d: ", r->edges[0].held);
    int pairs = r->n_locations >= 2 * r->n_edges; /* second_deadlock_stack */
    for (int i = 0; i < r->n_edges; i++) {
        const rk_lock_edge *e = &r->edges[i];
        if (i)
            rk_sb_puts(sb, "; ");
        if (e->thread > 0)
            rk_sb_printf(sb, "T%d ", e->thread);
        else
            rk_sb_puts(sb, e->thread == 0 ? "the main thread " : "a thread ");
        rk_sb_printf(sb, "locks M%d", e->acquired);
        const rk_frame *at = pairs ? &r->locations[2 * i] : i < r->n_locations ? &r->locations[i] : NULL;
        if (at) {
            rk_sb_puts(sb, " at ");
            add_frame(sb, at);
        }
        rk_sb_printf(sb, " while holding M%d", e->held);
        if (pairs) {
            rk_sb_puts(sb, " (locked at ");
            add_frame(sb, &r->locations[2 * i + 1]);
            rk_sb_puts(sb, ")");
        }
    }
}

/* Up to two distinct "file:line" of the locations of `r`, ", "-joined. */
static void add_locations(rk_strbuf *sb, const rk_report *r)
{
    char first[512] = "";
    for (int j = 0, shown = 0; j < r->n_locations && shown < 2; j++) {
        char here[512];
        snprintf(here, sizeof here, "%s:%d", rk_basename(r->locations[j].file), r->locations[j].line);
        if (shown == 1 && strcmp(here, first) == 0)
            continue; /* the same line twice says nothing more */
        rk_sb_printf(sb, "%s%s", shown ? ", " : "", here);
        if (shown++ == 0)
            snprintf(first, sizeof first, "%s", here);
    }
}

char *rk_where(const rk_report_list *reports, const char *kind)
{
    for (int i = 0; i < reports->n; i++) {
        const rk_report *r = &reports->items[i];
        if (kind && strcmp(r->kind, kind) != 0)
            continue;
        rk_strbuf sb = RK_STRBUF_INIT;
        if (r->n_edges > 0) {
            add_cycle(&sb, r);
        } else if (r->n_accesses > 0) {
            for (int j = 0; j < r->n_accesses && j < 2; j++) {
                if (j)
                    rk_sb_puts(&sb, " vs ");
                add_frame(&sb, &r->accesses[j].frame);
            }
        } else {
            add_locations(&sb, r);
        }
        if (sb.len == 0) {
            rk_sb_free(&sb);
            return NULL;
        }
        return rk_sb_detach(&sb);
    }
    return NULL;
}

void rk_unexpected_kinds(const rk_report_list *reports, const rk_strlist *expect, rk_strlist *out)
{
    for (int i = 0; reports && i < reports->n; i++) {
        const char *kind = reports->items[i].kind;
        if (!(expect && rk_sl_contains(expect, kind)) && !rk_sl_contains(out, kind))
            rk_sl_add(out, kind);
    }
}

/* "data-race (safe.c:3 vs safe.c:9) and thread-leak (safe.c:20)": each of
 * `kinds` with where its first report points. */
static char *describe_kinds(const rk_report_list *reports, const rk_strlist *kinds)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    for (int i = 0; i < kinds->n; i++) {
        char *where = rk_where(reports, kinds->items[i]);
        rk_sb_printf(&sb, "%s%s", i == 0 ? "" : i == kinds->n - 1 ? " and " : ", ", kinds->items[i]);
        if (where)
            rk_sb_printf(&sb, " (%s)", where);
        free(where);
    }
    return rk_sb_detach(&sb);
}

/* Every kind reported, with where: see describe_kinds. */
static char *describe_reports(const rk_facts *f)
{
    rk_strlist kinds = RK_STRLIST_INIT;
    rk_report_kinds(f->reports, &kinds);
    char *s = describe_kinds(f->reports, &kinds);
    rk_sl_free(&kinds);
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
        detail = describe_reports(f);
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

/* `reason` (freed), then "; TSan also reported K (where)" and `tail` for
 * each kind reported that `expect` does not list (NULL: none is named, the
 * reason already says every kind). A new string. */
static char *with_unexpected(char *reason, const rk_facts *f, const rk_strlist *expect, const char *tail)
{
    rk_strlist extra = RK_STRLIST_INIT;
    if (expect)
        rk_unexpected_kinds(f->reports, expect, &extra);
    if (extra.n == 0) {
        rk_sl_free(&extra);
        return reason;
    }
    char *d = describe_kinds(f->reports, &extra);
    char *s = rk_xasprintf("%s%s%s also reported %s%s", reason, *reason ? "; " : "", tool_name(f), d, tail);
    free(d);
    free(reason);
    rk_sl_free(&extra);
    return s;
}

/* Is the run one where the program could be judged at all? */
static int judgeable(rk_outcome o)
{
    return o != RK_OUT_BUILD_ERROR && o != RK_OUT_TOOL_ERROR;
}

/* How a run that reported nothing went, after "expected a data-race
 * report, but ": "the run was clean: the bug did not show", "the
 * program hung with no report (still blocked after 1 s, killed)", "only
 * the program's own check failed (unsafe.c:42: ...), with no report". A
 * new string. */
static char *no_report_words(rk_outcome o, const rk_facts *f, double timeout_s)
{
    if (o == RK_OUT_HANG)
        return rk_xasprintf("the program hung with no report (still blocked after %g s, killed)", timeout_s);
    if (o == RK_OUT_INVARIANT) {
        char *d = describe_invariant(f), *s = rk_xasprintf("only the program's own check failed (%s), with no "
                                                           "report", d);
        free(d);
        return s;
    }
    return rk_xasprintf("the run was %s: the bug did not show", rk_outcome_name(o));
}

static int judge_unsafe(const rk_strlist *expect, rk_outcome o, const rk_facts *f,
                        double timeout_s, char **reason)
{
    rk_strlist kinds = RK_STRLIST_INIT;
    rk_report_kinds(f->reports, &kinds);
    rk_strbuf why = RK_STRBUF_INIT, ok = RK_STRBUF_INIT;
    int named_all = 0; /* the reason already lists every kind reported */
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
                char *d = describe_reports(f);
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
            else if ((o == RK_OUT_EXIT || o == RK_OUT_CRASH) && f->run) {
                char *end = rk_end_describe(f->run);
                rk_sb_printf(&why, "%sexpected a %s report, but the program %s without any report", why.len ? "; " : "",
                             item, end);
                free(end);
            } else {
                char *what = no_report_words(o, f, timeout_s);
                rk_sb_printf(&why, "%sexpected a %s report, but %s", why.len ? "; " : "", item, what);
                free(what);
            }
            named_all |= seen != NULL;
            free(seen);
        }
    }
    int pass = judgeable(o) && why.len == 0;
    if (!judgeable(o))
        *reason = unclean_reason(o, f, timeout_s);
    else
        *reason = with_unexpected(rk_sb_detach(pass ? &ok : &why), f,
                                  named_all || rk_sl_contains(expect, "missed") ? NULL : expect,
                                  ", which expect does not list");
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
        if (outcome != RK_OUT_REPORTED && judgeable(outcome)) { /* a report beside the failure */
            rk_strlist none = RK_STRLIST_INIT;
            *reason = with_unexpected(*reason, f, expect ? expect : &none, "");
        }
        return outcome == RK_OUT_CLEAN;
    }
    return judge_unsafe(expect, outcome, f, timeout_s, reason);
}
