/* cmd_grade.c - `racekit grade <exercise> <submissions>`: find each
 * submission, make its scratch copy, take unchanged ones from the cache,
 * grade the rest in parallel, then write the gradebook (gradebook.h says
 * which file does what; docs/exercises.md, "Grading a class"). */
#define _XOPEN_SOURCE 700
#include "grade.h"
#include "gradebook.h"
#include "report/report.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_JOBS, OPT_RUNS, OPT_TIMEOUT, OPT_OUTPUT };

static const rk_option options[] = {
    [OPT_JOBS] = { "--jobs", "-j", "N", "grade N submissions at once, 1 to 64 (default 1)" },
    [OPT_RUNS] = { "--runs", NULL, "N", "run each repair N times, 1 to 1000, as racekit check --runs (default 1)" },
    [OPT_TIMEOUT] = { "--timeout", NULL, "S",
                      "stop grading one submission after S seconds, 1 to 86400 (default 600): it gets no points" },
    [OPT_OUTPUT] = { "--output", "-o", "DIR", "write the gradebook into DIR (default: gradebook)" },
    { NULL },
};

const rk_command rk_grade_command = {
    "grade", "<exercise> <submissions>", "grade a class: every submission's safe.c, into a gradebook",
    "Each entry of <submissions> (a folder of any name, holding safe.c or a clone of the student's repository "
    "with safe.c at the exercise's path) is graded by racekit check in its own scratch copy of <exercise>. "
    "Writes grades.csv, grades.json, index.html and feedback/<student>.md; an unchanged submission is not "
    "graded again. Exit status 0 when grading ran, whatever the grades; 2 on bad usage (docs/exercises.md).",
    2, 2, options,
};

static int parse(int argc, char **argv, gradebook *gb, const char **args, const char **out)
{
    rk_opts p;
    rk_opts_start(&p, &rk_grade_command, argc, argv);
    int n_args = 0;
    for (int k; (k = rk_opts_next(&p)) != RK_OPT_END;) {
        uint64_t v;
        switch (k) {
        case OPT_JOBS:
        case OPT_RUNS:
        case OPT_TIMEOUT:
            if (rk_opt_number(&p, 1, k == OPT_JOBS ? 64 : k == OPT_RUNS ? 1000 : 86400, &v) < 0)
                return p.status;
            if (k == OPT_TIMEOUT)
                gb->timeout_s = (double)v;
            else
                *(k == OPT_JOBS ? &gb->jobs : &gb->runs) = (int)v;
            break;
        case OPT_OUTPUT:
            *out = p.value;
            break;
        case RK_OPT_OPERAND:
            args[n_args++] = p.value;
            break;
        default:
            return p.status;
        }
    }
    return RK_OPTS_GO_ON;
}

/* The folders: submissions must exist; the gradebook is made. */
static int open_folders(gradebook *gb, const char *subs, const char *out)
{
    if ((gb->subs = realpath(subs, NULL)) == NULL || !rk_is_dir(gb->subs)) {
        rk_error("grade: %s: %s", subs, gb->subs ? "not a folder" : strerror(errno));
        return -1;
    }
    char cwd[PATH_MAX];
    gb->out = out[0] == '/' || getcwd(cwd, sizeof cwd) == NULL ? rk_xstrdup(out) : rk_path_join(cwd, out);
    gb->work = rk_path_join(gb->out, ".work");
    if (rk_mkdir_p(gb->work) < 0) {
        rk_error("grade: %s: cannot create: %s", gb->work, strerror(errno));
        return -1;
    }
    return 0;
}

/* One line per student, then what was graded and where the gradebook is. */
static void summary(const gradebook *gb, int ran)
{
    int cached = 0;
    for (int k = 0; k < gb->n; k++) {
        const grade_row *r = &gb->rows[k];
        int first = grade_first_failure(gb, r);
        rk_strbuf name = RK_STRBUF_INIT;
        rk_text_clean(&name, r->student, strlen(r->student));
        printf("%-24s %g/%g  %s%s%s%s\n", rk_sb_cstr(&name), r->points, gb->x.max,
               first < 0 ? "pass" : gb->x.tests[first].name, first < 0 ? "" : " failed",
               r->problem ? ": " : "", r->cached ? " (cached)" : "");
        if (r->problem)
            printf("    %s\n", r->problem);
        cached += r->cached;
        rk_sb_free(&name);
    }
    printf("grade: %d submission%s: %d graded, %d unchanged (cached)\n", gb->n, gb->n == 1 ? "" : "s", ran, cached);
    printf("gradebook: %s/grades.csv, grades.json, index.html, feedback/\n", gb->out);
}

static void gradebook_free(gradebook *gb)
{
    for (int k = 0; k < gb->n; k++) {
        grade_row *r = &gb->rows[k];
        free(r->student), free(r->found), free(r->problem), free(r->slug), free(r->scratch);
        free(r->result), free(r->line_text), free(r->schedule);
        for (int i = 0; i < GRADE_MAX_TESTS; i++)
            free(r->marks[i].reason);
    }
    free(gb->rows);
    free(gb->subs), free(gb->out), free(gb->work);
    grade_exercise_free(&gb->x);
}

int rk_cmd_grade(int argc, char **argv)
{
    gradebook gb;
    memset(&gb, 0, sizeof gb);
    gb.jobs = 1, gb.runs = 1, gb.timeout_s = 600;
    const char *args[2] = { NULL, NULL }, *out = "gradebook";
    int rc = parse(argc, argv, &gb, args, &out);
    if (rc != RK_OPTS_GO_ON)
        return rc;
    rc = RK_EXIT_USAGE;
    if (grade_exercise_load(args[0], &gb.x) < 0 || open_folders(&gb, args[1], out) < 0 || grade_find(&gb) < 0)
        goto out;
    for (int k = 0; k < gb.n; k++) {
        grade_row *r = &gb.rows[k];
        if (r->problem == NULL && grade_scratch(&gb, r) == 0) {
            grade_cache_key(&gb, r);
            grade_cache_get(&gb, r);
        }
    }
    int ran = grade_run_all(&gb);
    for (int k = 0; k < gb.n; k++)
        grade_marks(&gb, &gb.rows[k]);
    rc = RK_EXIT_FAIL;
    if (gradebook_csv(&gb) < 0 || gradebook_json(&gb) < 0 || gradebook_html(&gb) < 0 || gradebook_feedback(&gb) < 0)
        goto out;
    summary(&gb, ran);
    rc = RK_EXIT_PASS;
out:
    gradebook_free(&gb);
    return rc;
}
