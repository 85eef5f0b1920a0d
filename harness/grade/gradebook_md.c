/* gradebook_md.c - feedback/<student>.md: for each student, every test's
 * verdict, what failed and on which line of safe.c, the commands that show
 * it again and the lesson's hint; text from the submission escaped (see
 * gradebook.h). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"
#include "report/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void md(rk_strbuf *sb, const char *s)
{
    rk_md_escape(sb, s ? s : "", s ? strlen(s) : 0);
}

/* An indented code line: shown as it is, never as markup. */
static void code(rk_strbuf *sb, const char *s)
{
    rk_sb_puts(sb, "    ");
    rk_text_clean(sb, s, strlen(s));
    rk_sb_puts(sb, "\n");
}

static void table(rk_strbuf *sb, const gradebook *gb, const grade_row *r)
{
    rk_sb_puts(sb, "| test | verdict | points | why |\n|---|---|---|---|\n");
    for (int i = 0; i < gb->x.n_tests; i++) {
        rk_sb_printf(sb, "| %s | %s | %g / %g | ", gb->x.tests[i].name, grade_verdict_name(r->marks[i].verdict),
                     r->marks[i].points, gb->x.tests[i].points);
        md(sb, r->marks[i].reason);
        rk_sb_puts(sb, " |\n");
    }
}

/* What failed first, its line, and how to see it again. */
static void failure(rk_strbuf *sb, const gradebook *gb, const grade_row *r, int first)
{
    rk_sb_printf(sb, "\n## What failed\n\n**%s**: ", gb->x.tests[first].name);
    md(sb, r->marks[first].reason);
    rk_sb_puts(sb, "\n");
    if (r->line > 0) {
        rk_sb_printf(sb, "\nAt safe.c:%d:\n\n", r->line);
        code(sb, r->line_text ? r->line_text : "");
    }
    if (r->scratch == NULL)
        return;
    char *exercise = rk_prog_shown(gb->x.arg, NULL), *scratch = rk_prog_shown(r->scratch, NULL);
    rk_sb_puts(sb, "\n## Try it yourself\n\nIn your copy of the exercise:\n\n");
    char *cmd = rk_xasprintf("%s check %s safe", rk_prog(), exercise);
    code(sb, cmd);
    free(cmd);
    if (r->schedule) {
        cmd = rk_xasprintf("%s replay %s safe --schedule %s", rk_prog(), exercise, r->schedule);
        code(sb, cmd);
        free(cmd);
    }
    rk_sb_puts(sb, "\nThe grader's own copy of this submission:\n\n");
    cmd = rk_xasprintf("RACEKIT_BUILD_DIR=%s/build %s check --runs %d %s safe", gb->work, rk_prog(), gb->runs, scratch);
    code(sb, cmd);
    free(cmd);
    free(exercise);
    free(scratch);
}

static int one(const gradebook *gb, const grade_row *r)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    if (r->feedback) { /* merged: the shard wrote it, from its scratch copy */
        rk_sb_puts(&sb, r->feedback);
        char *file = grade_feedback_file(r);
        int rc = gradebook_write(gb, file, &sb);
        free(file);
        return rc;
    }
    rk_sb_puts(&sb, "# Feedback for ");
    md(&sb, r->student);
    rk_sb_printf(&sb, ": %g of %g points\n\nExercise `", r->points, gb->x.max);
    rk_text_clean(&sb, gb->x.arg, strlen(gb->x.arg));
    rk_sb_puts(&sb, "`, graded from ");
    md(&sb, r->found ? r->found : r->student);
    rk_sb_printf(&sb, " (racekit check: %s%s).\n\n", r->problem ? "not run" : r->check_pass ? "pass" : "fail",
                 r->cached ? ", unchanged since it was last graded" : "");
    table(&sb, gb, r);
    int first = grade_first_failure(gb, r);
    if (first >= 0)
        failure(&sb, gb, r, first);
    if (first >= 0 && gb->x.hint)
        rk_sb_printf(&sb, "\n## Hint\n\n%s\n", gb->x.hint);
    char *file = grade_feedback_file(r);
    int rc = gradebook_write(gb, file, &sb);
    free(file);
    return rc;
}

int gradebook_feedback(const gradebook *gb)
{
    char *dir = rk_path_join(gb->out, "feedback");
    int rc = rk_mkdir_p(dir);
    if (rc < 0)
        rk_error("grade: %s: cannot create: %s", dir, strerror(errno));
    free(dir);
    for (int k = 0; rc == 0 && k < gb->n; k++)
        rc = one(gb, &gb->rows[k]);
    return rc;
}
