/* explain_explore.c - the part of `racekit explain` on explored schedules:
 * each variant's last explore or replay result, its replay command, who
 * waited for whom, and the timeline with a column per thread. */
#define _POSIX_C_SOURCE 200809L
#include "explain_explore.h"
#include "case/case.h"
#include "explore/explore.h"
#include "util/util.h"
#include "results/results.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The timeline as `racekit explore` prints it (rk_timeline_text), from
 * the result file's rows. */
static void print_timeline(const rk_explore_row *r)
{
    if (r->n_timeline == 0)
        return;
    rk_timeline t = { rk_xcalloc((size_t)r->n_timeline, sizeof(rk_xrow)), (size_t)r->n_timeline, 0,
                      (size_t)(r->timeline_steps > r->n_timeline ? r->timeline_steps : r->n_timeline) };
    for (int i = 0; i < r->n_timeline; i++) {
        const rk_explore_step *s = &r->timeline[i];
        t.rows[i] = (rk_xrow){ s->thread, s->file, s->line, s->op }; /* borrowed */
        if (s->thread + 1 > t.n_threads)
            t.n_threads = s->thread + 1;
    }
    rk_strbuf out = RK_STRBUF_INIT;
    rk_timeline_text(&t, &out);
    fputs(rk_sb_cstr(&out), stdout);
    rk_sb_free(&out);
    free(t.rows);
}

/* 1 when a result was printed. */
static int print_explored(const char *case_id, const char *variant)
{
    char *path = rk_xasprintf("%s/results/explore/%s/%s.json", rk_paths_get()->build_dir, case_id, variant);
    size_t len;
    char *text = rk_read_file(path, RK_MAX_RESULT_BYTES, &len);
    rk_explore_row row;
    char err[1024];
    int printed = text != NULL;
    if (text == NULL && errno != ENOENT) {
        printf("%s: the explore result cannot be read: %s (%s)\n", variant, strerror(errno), path);
    } else if (text && rk_explore_row_parse(path, NULL, text, len, &row, err, sizeof err) < 0) {
        printf("%s: the explore result cannot be read: %s\n", variant, err);
    } else if (text) {
        printf("%s: %s - %s\n", variant, row.skip ? "SKIP" : row.pass ? "PASS" : "FAIL", row.reason);
        printf("  %s, %d schedule%s, seed %.0f%s%s, outcome %s (%s)\n", row.mode, row.schedules,
               row.schedules == 1 ? "" : "s", row.seed, *row.strategy ? ", " : "", row.strategy, row.outcome, path);
        if (row.found && *row.schedule)
            printf("  replay: %s replay %s %s --schedule %s\n", rk_prog(), case_id, variant, row.schedule);
        for (int i = 0; i < row.deadlock.n; i++)
            printf("  %s\n", row.deadlock.items[i]);
        print_timeline(&row);
        rk_explore_row_free(&row);
    }
    free(text);
    free(path);
    return printed;
}

void rk_explain_explored(const char *case_id, const rk_strlist *expect)
{
    int explorable = rk_expect_schedule_dependent(expect);
    printf("\n== Explored schedules (racekit's scheduler) ==\n");
    int any = print_explored(case_id, "unsafe");
    any |= print_explored(case_id, "safe");
    if (!any && explorable)
        printf("not explored yet; run: %s explore %s unsafe\n", rk_prog(), case_id);
    else if (!any)
        printf("not explored: %s expects none of invariant, hang, lock-order-inversion, which is what the "
               "scheduler judges\n", case_id);
}
