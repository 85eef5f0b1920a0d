/* results_explore_row.c - an explore result seen as a check result's row
 * (rk_explore_row_as_row in results_load.h), so every report format lists
 * and counts the scheduler's verdicts with the same code as a detector's. */
#define _POSIX_C_SOURCE 200809L
#include "results_load.h"
#include "util/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The check outcome closest to an explore outcome: the scheduler's own
 * failures (invariant, hang, crash, exit) keep their name, a lock-order
 * cycle is a report, and "error" (the scheduler could not run it) is the
 * tool's error, as for a detector that gave no answer. */
static rk_outcome outcome_of(const char *outcome)
{
    static const struct {
        const char *name;
        rk_outcome o;
    } map[] = { { "invariant", RK_OUT_INVARIANT }, { "hang", RK_OUT_HANG },
                { "crash", RK_OUT_CRASH },         { "exit", RK_OUT_EXIT },
                { "clean", RK_OUT_CLEAN },         { "lock-order-inversion", RK_OUT_REPORTED } };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(outcome, map[i].name) == 0)
            return map[i].o;
    return RK_OUT_TOOL_ERROR;
}

/* What a reader needs to see of a failing schedule, as the "stderr" the
 * formats show: the failed check, the replay command, who waits for
 * whom, then the timeline one step per line. */
static char *explore_text(const rk_explore_row *x)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_sb_printf(&sb, "%s: %s after %d schedule%s (seed %.0f%s%s), outcome %s\n", x->mode,
                 x->found ? "failing schedule found" : "no failing schedule", x->schedules,
                 x->schedules == 1 ? "" : "s", x->seed, *x->strategy ? ", " : "", x->strategy, x->outcome);
    if (*x->invariant)
        rk_sb_printf(&sb, "check failed: %s\n", x->invariant);
    if (x->found && *x->schedule)
        rk_sb_printf(&sb, "replay: racekit replay %s %s --schedule %s\n", x->case_id, x->variant, x->schedule);
    for (int i = 0; i < x->deadlock.n; i++)
        rk_sb_printf(&sb, "%s\n", x->deadlock.items[i]);
    for (int i = 0; i < x->n_timeline; i++) {
        const rk_explore_step *s = &x->timeline[i];
        char who[32] = "main";
        if (s->thread)
            snprintf(who, sizeof who, "thread %d", s->thread);
        rk_sb_printf(&sb, "%s%3d  %-9s %s:%d  %s\n", i ? "" : "timeline:\n", i + 1, who, s->file, s->line, s->op);
    }
    if (x->timeline_steps > x->n_timeline)
        rk_sb_printf(&sb, "(%d of %d steps shown)\n", x->n_timeline, x->timeline_steps);
    char *text = sb.len ? rk_sb_detach(&sb) : rk_xstrdup("");
    rk_sb_free(&sb);
    return text;
}

void rk_explore_row_as_row(const rk_explore_row *x, const rk_row *like, rk_row *row)
{
    memset(row, 0, sizeof *row);
    row->file = rk_xstrdup(x->file);
    row->rel = rk_xasprintf("explore/%s/%s.json", x->case_id, x->variant);
    row->case_id = rk_xstrdup(x->case_id);
    row->variant = rk_xstrdup(x->variant);
    row->detector = rk_xstrdup("explore");
    row->title = rk_xstrdup(like ? like->title : "");
    row->source = rk_xstrdup(like ? like->source : "");
    row->source_shown = rk_xstrdup(like ? like->source_shown : "");
    row->exercise = like ? like->exercise : 0;
    row->outcome = outcome_of(x->outcome);
    if (strcmp(x->outcome, "lock-order-inversion") == 0)
        rk_sl_add(&row->kinds, "lock-order-inversion");
    row->verdict = rk_xstrdup(x->skip ? "skip" : x->pass ? "pass" : "fail");
    row->reason = rk_xstrdup(x->reason);
    row->runs = x->schedules;
    row->runs_detected = x->found;
    row->runs_passed = x->pass ? x->schedules : 0;
    row->duration_s = x->duration_s;
    row->line_match = -1;
    row->tsan_options = rk_xstrdup("");
    row->out = rk_xstrdup("");
    row->err = explore_text(x);
    row->err_len = strlen(row->err);
    row->build_log = rk_xstrdup("");
    row->explored = x;
}
