/* report_html_explore.c - the HTML report's section on explored schedules
 * (racekit explore and replay results): a table of the variants, failing
 * ones first, each linking to its section, which holds the replay command
 * and, for a failing schedule found, its timeline with a column per
 * thread. */
#define _POSIX_C_SOURCE 200809L
#include "markup.h"
#include "report_formats.h"

#include <stdlib.h>
#include <string.h>

static void esc(rk_strbuf *out, const char *s)
{
    rk_xml_escape(out, s, strlen(s), 0);
}

/* 1 when a step has no place in the program's sources (a thread's exit
 * in the C library, a step of the runtime): "?:0" says nothing. */
static int outside(const rk_explore_step *s)
{
    return s->line <= 0 || s->file[0] == '\0' || strcmp(s->file, "?") == 0 || strcmp(s->file, "??") == 0;
}

/* The timeline: one row per step, the step in its thread's column, each
 * numbered as the schedule numbers it; steps outside the program are left
 * out and counted once under the table. */
static void put_timeline(rk_strbuf *out, const rk_explore_row *r)
{
    int threads = 0, left_out = 0;
    for (int i = 0; i < r->n_timeline; i++)
        if (r->timeline[i].thread + 1 > threads)
            threads = r->timeline[i].thread + 1;
    if (threads == 0 || threads > 64)
        return;
    rk_sb_puts(out, "<div class=\"scroll\"><table class=\"src timeline\"><tr><th class=\"num\">step</th>");
    for (int t = 0; t < threads; t++)
        rk_sb_printf(out, t == 0 ? "<th>main</th>" : "<th>thread %d</th>", t);
    rk_sb_puts(out, "</tr>\n");
    for (int i = 0; i < r->n_timeline; i++) {
        const rk_explore_step *s = &r->timeline[i];
        if (outside(s)) {
            left_out++;
            continue;
        }
        rk_sb_printf(out, "<tr><td class=\"ln\">%d</td>", i + 1);
        for (int t = 0; t < threads; t++) {
            if (t != s->thread) {
                rk_sb_puts(out, "<td></td>");
                continue;
            }
            rk_sb_puts(out, "<td class=\"step\">");
            esc(out, s->file);
            rk_sb_printf(out, ":%d ", s->line);
            esc(out, s->op);
            rk_sb_puts(out, "</td>");
        }
        rk_sb_puts(out, "</tr>\n");
    }
    rk_sb_puts(out, "</table></div>\n");
    if (left_out)
        rk_sb_printf(out, "<p class=\"missing\">%d step%s outside the program (no source line) not shown.</p>\n",
                     left_out, left_out == 1 ? "" : "s");
}

static const char *verdict_of(const rk_explore_row *r)
{
    return r->skip ? "skip" : r->pass ? "pass" : "FAIL";
}

static void put_row(rk_strbuf *out, const rk_explore_row *r)
{
    const char *verdict = verdict_of(r);
    rk_sb_puts(out, "<details class=\"case\" id=\"explore/");
    esc(out, r->case_id);
    rk_sb_printf(out, "/%s\"%s><summary><span class=\"%s\">%s</span> ", r->variant,
                 r->pass || r->skip ? "" : " open", verdict, verdict);
    esc(out, r->case_id);
    rk_sb_puts(out, "/");
    esc(out, r->variant);
    rk_sb_puts(out, " <span class=\"title\">");
    esc(out, r->reason);
    rk_sb_printf(out, "</span></summary>\n<p>%s: %s after %d schedule%s (seed %.0f", r->mode,
                 r->found ? "failing schedule found" : "no failing schedule", r->schedules,
                 r->schedules == 1 ? "" : "s", r->seed);
    if (*r->strategy) {
        rk_sb_puts(out, ", ");
        esc(out, r->strategy);
    }
    rk_sb_puts(out, "), outcome ");
    esc(out, r->outcome);
    rk_sb_puts(out, "</p>\n");
    if (r->found && *r->schedule) {
        rk_sb_puts(out, "<p>replay:</p><pre class=\"out\">racekit replay ");
        esc(out, r->case_id);
        rk_sb_printf(out, " %s --schedule ", r->variant);
        esc(out, r->schedule);
        rk_sb_puts(out, "</pre>\n");
    }
    if (r->deadlock.n) {
        rk_sb_puts(out, "<pre class=\"out\">");
        for (int i = 0; i < r->deadlock.n; i++) {
            esc(out, r->deadlock.items[i]);
            rk_sb_puts(out, "\n");
        }
        rk_sb_puts(out, "</pre>\n");
    }
    put_timeline(out, r);
    rk_sb_puts(out, "</details>\n");
}

/* The explore results in the order the page shows them: failing first,
 * then the others, each group in case order. Caller frees. */
static const rk_explore_row **failing_first(const rk_results *res)
{
    const rk_explore_row **rows = rk_xcalloc((size_t)res->n_explored + 1, sizeof *rows);
    int n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < res->n_explored; i++) {
            const rk_explore_row *r = &res->explored[i];
            if ((!r->pass && !r->skip) == !pass)
                rows[n++] = r;
        }
    return rows;
}

/* A row per variant, each linking to its section. */
static void put_table(rk_strbuf *out, const rk_explore_row *const *rows, int n)
{
    rk_sb_puts(out, "<div class=\"scroll\"><table class=\"cases\"><thead><tr><th>case</th><th>variant</th>"
                    "<th>verdict</th><th>reason</th><th class=\"num\">schedules</th></tr></thead><tbody>\n");
    for (int i = 0; i < n; i++) {
        const rk_explore_row *r = rows[i];
        rk_sb_puts(out, "<tr><td><a href=\"#explore/");
        esc(out, r->case_id);
        rk_sb_printf(out, "/%s\">", r->variant);
        esc(out, r->case_id);
        rk_sb_printf(out, "</a></td><td>%s</td><td class=\"%s\">%s</td><td class=\"reason\">", r->variant,
                     verdict_of(r), verdict_of(r));
        esc(out, r->reason);
        rk_sb_printf(out, "</td><td class=\"num\">%d</td></tr>\n", r->schedules);
    }
    rk_sb_puts(out, "</tbody></table></div>\n");
}

void rk_report_html_explored(const rk_results *res, rk_strbuf *out)
{
    int errors = 0;
    for (int i = 0; i < res->n_errors; i++)
        errors += strcmp(res->errors[i].detector, "explore") == 0;
    if (res->n_explored == 0 && errors == 0)
        return;
    int passed = 0, skipped = 0;
    for (int i = 0; i < res->n_explored; i++) {
        passed += res->explored[i].pass;
        skipped += res->explored[i].skip;
    }
    int failed = res->n_explored - passed - skipped;
    rk_sb_printf(out, "<section id=\"explore\">\n<h2>Explored schedules <small>racekit's scheduler</small></h2>\n"
                      "<p class=\"totals %s\">%d variant%s explored: %d as expected, %d not, %d not judged</p>\n",
                 failed == 0 && errors == 0 ? "ok" : "bad", res->n_explored, res->n_explored == 1 ? "" : "s",
                 passed, failed, skipped);
    for (int i = 0; i < res->n_errors; i++)
        if (strcmp(res->errors[i].detector, "explore") == 0) {
            rk_sb_puts(out, "<p class=\"bad\">unreadable result: ");
            esc(out, res->errors[i].message);
            rk_sb_puts(out, "</p>\n");
        }
    const rk_explore_row **rows = failing_first(res);
    put_table(out, rows, res->n_explored);
    for (int i = 0; i < res->n_explored; i++)
        put_row(out, rows[i]);
    free(rows);
    rk_sb_puts(out, "</section>\n");
}
