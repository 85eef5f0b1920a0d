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

enum { OPT_JOBS, OPT_RUNS, OPT_TIMEOUT, OPT_OUTPUT, OPT_SHARD, OPT_TEST, OPT_MERGE, OPT_CLASSROOM };

static const rk_option options[] = {
    [OPT_JOBS] = { "--jobs", "-j", "N", "grade N submissions at once, 1 to 64 (default 1)" },
    [OPT_RUNS] = { "--runs", NULL, "N", "run each repair N times, 1 to 1000, as racekit check --runs (default 1)" },
    [OPT_TIMEOUT] = { "--timeout", NULL, "S",
                      "stop grading one submission after S seconds, 1 to 86400 (default 600): it gets no points" },
    [OPT_OUTPUT] = { "--output", "-o", "DIR", "write the gradebook into DIR (default: gradebook)" },
    [OPT_SHARD] = { "--shard", NULL, "K/N",
                    "grade share K of N (1 <= K <= N <= 1000): the submissions whose name's hash is K-1 modulo N, "
                    "the same share however the class grows; racekit grade --merge joins the N gradebooks" },
    [OPT_TEST] = { "--test", NULL, "NAME",
                   "exit status 1 unless every submission passes test NAME of the exercise (all: every test), "
                   "for autograding test by test" },
    [OPT_MERGE] = { "--merge", NULL, NULL,
                    "join the gradebooks given as operands (the shards of one class, each K of N once) into the "
                    "gradebook -o DIR; a student in two of them or another exercise is refused" },
    [OPT_CLASSROOM] = { "--classroom", NULL, NULL,
                        "write <exercise>/.github/workflows/classroom.yml (GitHub Classroom's autograding: a step "
                        "per test with its points) and <exercise>/.gitlab-ci.yml (a job with a JUnit report), "
                        "grading the repository's own safe.c; --runs and --timeout go into their commands" },
    { NULL },
};

const rk_command rk_grade_command = {
    "grade", "<exercise> [<submissions>] | --merge <gradebook>... | --classroom <exercise>",
    "grade a class: every submission's safe.c, into a gradebook",
    "Each entry of <submissions> (a folder of any name, holding safe.c or a clone of the student's repository "
    "with safe.c at the exercise's path) is graded by racekit check in its own scratch copy of <exercise>; "
    "without <submissions>, the exercise folder's own safe.c is (a student's repository). Writes grades.csv, "
    "grades.json, grades.junit.xml, index.html and feedback/<student>.md; an unchanged submission is not "
    "graded again. Exit status 0 when grading ran, whatever the grades (with --test: 1 when a submission "
    "fails the test); 2 on bad usage (docs/exercises.md).",
    1, -1, options,
};

typedef struct {
    const char *args[2], *out, *test;
    char **books; /* --merge's operands */
    int n_args, n_books, merge, classroom;
    uint64_t seen;
} grade_cli;

static int parse(int argc, char **argv, gradebook *gb, grade_cli *c)
{
    rk_opts p;
    rk_opts_start(&p, &rk_grade_command, argc, argv);
    c->books = rk_xcalloc((size_t)argc + 1, sizeof *c->books);
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
            c->out = p.value;
            break;
        case OPT_SHARD:
            if (grade_shard_parse(gb, p.value) < 0) {
                rk_opt_fail(&p, "expected K/N, two whole numbers with 1 <= K <= N <= 1000, got '%s'", p.value);
                return p.status;
            }
            break;
        case OPT_TEST:
            c->test = p.value;
            break;
        case OPT_MERGE:
            c->merge = 1;
            break;
        case OPT_CLASSROOM:
            c->classroom = 1;
            break;
        case RK_OPT_OPERAND:
            c->books[c->n_books++] = (char *)p.value;
            if (c->n_args < 2)
                c->args[c->n_args] = p.value;
            c->n_args++;
            break;
        default:
            return p.status;
        }
    }
    c->seen = p.seen;
    const uint64_t grading = 1u << OPT_JOBS | 1u << OPT_RUNS | 1u << OPT_TIMEOUT | 1u << OPT_SHARD | 1u << OPT_TEST;
    if (c->merge && c->classroom)
        return rk_usage_fail(&rk_grade_command, "--merge and --classroom do different things: give one");
    if (c->merge && (p.seen & grading))
        return rk_usage_fail(&rk_grade_command, "--merge takes only -o and the gradebooks to join");
    if (c->classroom && (c->n_args != 1 || (p.seen & (1u << OPT_JOBS | 1u << OPT_OUTPUT | 1u << OPT_SHARD |
                                                     1u << OPT_TEST))))
        return rk_usage_fail(&rk_grade_command, "--classroom takes one exercise folder, and only --runs and --timeout");
    if (!c->merge && c->n_args > 2)
        return rk_usage_fail(&rk_grade_command, "too many operands: <exercise> [<submissions>]");
    return RK_OPTS_GO_ON;
}
/* The folders: submissions, when given, must exist; the gradebook (and,
 * to grade, its work folder) is made. */
static int open_folders(gradebook *gb, const char *subs, const char *out, int grading)
{
    if (subs && ((gb->subs = realpath(subs, NULL)) == NULL || !rk_is_dir(gb->subs))) {
        rk_error("grade: %s: %s", subs, gb->subs ? "not a folder" : strerror(errno));
        return -1;
    }
    char cwd[PATH_MAX];
    gb->out = out[0] == '/' || getcwd(cwd, sizeof cwd) == NULL ? rk_xstrdup(out) : rk_path_join(cwd, out);
    gb->work = rk_path_join(gb->out, ".work");
    const char *make = grading ? gb->work : gb->out;
    if (rk_mkdir_p(make) < 0) {
        rk_error("grade: %s: cannot create: %s", make, strerror(errno));
        return -1;
    }
    return 0;
}

/* One line per student, then what was graded (or merged) and where the
 * gradebook is. */
static void summary(const gradebook *gb, int ran, int merged)
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
    if (merged)
        printf("grade: merged %d gradebook%s: %d submission%s\n", merged, merged == 1 ? "" : "s", gb->n,
               gb->n == 1 ? "" : "s");
    else if (gb->shard_n)
        printf("grade: shard %d/%d: %d submission%s: %d graded, %d unchanged (cached)\n", gb->shard_k, gb->shard_n,
               gb->n, gb->n == 1 ? "" : "s", ran, cached);
    else
        printf("grade: %d submission%s: %d graded, %d unchanged (cached)\n", gb->n, gb->n == 1 ? "" : "s", ran,
               cached);
    printf("gradebook: %s/grades.csv, grades.json, grades.junit.xml, index.html, feedback/\n", gb->out);
}

/* --test NAME: every row passes it (all: every test). The test's verdict
 * and reason under each row that does not; RK_EXIT_FAIL when one does not. */
static int judge_test(const gradebook *gb, const char *test)
{
    int i = strcmp(test, "all") == 0 ? -1 : grade_test_index(&gb->x, test), passed = 0;
    for (int k = 0; k < gb->n; k++) {
        const grade_row *r = &gb->rows[k];
        int at = i >= 0 ? i : grade_first_failure(gb, r);
        if (at < 0 || (i >= 0 && r->marks[i].verdict == GRADE_PASS)) {
            passed++;
            continue;
        }
        rk_strbuf why = RK_STRBUF_INIT;
        const char *reason = r->marks[at].reason ? r->marks[at].reason : "";
        rk_text_clean(&why, reason, strlen(reason));
        printf("    %s: %s: %s\n", gb->x.tests[at].name, grade_verdict_name(r->marks[at].verdict), rk_sb_cstr(&why));
        rk_sb_free(&why);
    }
    printf("test %s: passed by %d of %d submission%s\n", test, passed, gb->n, gb->n == 1 ? "" : "s");
    return passed == gb->n ? RK_EXIT_PASS : RK_EXIT_FAIL;
}

static void gradebook_free(gradebook *gb)
{
    for (int k = 0; k < gb->n; k++)
        grade_row_free(&gb->rows[k]);
    free(gb->rows);
    free(gb->subs), free(gb->out), free(gb->work);
    grade_exercise_free(&gb->x);
}

static int write_gradebook(const gradebook *gb)
{
    return gradebook_csv(gb) < 0 || gradebook_json(gb) < 0 || gradebook_junit(gb) < 0 || gradebook_html(gb) < 0 ||
                   gradebook_feedback(gb) < 0
               ? -1
               : 0;
}

/* Grade the class (or the exercise's own safe.c) into the gradebook. */
static int grade(gradebook *gb, const grade_cli *c)
{
    if (c->test && strcmp(c->test, "all") != 0 && grade_test_index(&gb->x, c->test) < 0) {
        rk_strbuf names = RK_STRBUF_INIT;
        for (int i = 0; i < gb->x.n_tests; i++)
            rk_sb_printf(&names, "%s%s", i ? ", " : "", gb->x.tests[i].name);
        rk_error("grade: --test: '%s' is not a test of %s (its tests: %s, or all)", c->test, gb->x.arg,
                 rk_sb_cstr(&names));
        rk_sb_free(&names);
        return RK_EXIT_USAGE;
    }
    if (open_folders(gb, c->args[1], c->out, 1) < 0)
        return RK_EXIT_USAGE;
    if (c->args[1] == NULL)
        grade_find_self(gb);
    else if (grade_find(gb) < 0)
        return RK_EXIT_USAGE;
    grade_shard_keep(gb);
    for (int k = 0; k < gb->n; k++) {
        grade_row *r = &gb->rows[k];
        if (r->problem == NULL && grade_scratch(gb, r) == 0) {
            grade_cache_key(gb, r);
            grade_cache_get(gb, r);
        }
    }
    int ran = grade_run_all(gb);
    for (int k = 0; k < gb->n; k++)
        grade_marks(gb, &gb->rows[k]);
    if (write_gradebook(gb) < 0)
        return RK_EXIT_FAIL;
    summary(gb, ran, 0);
    return c->test ? judge_test(gb, c->test) : RK_EXIT_PASS;
}

int rk_cmd_grade(int argc, char **argv)
{
    gradebook gb;
    memset(&gb, 0, sizeof gb);
    gb.jobs = 1, gb.runs = 1, gb.timeout_s = 600;
    grade_cli c;
    memset(&c, 0, sizeof c);
    c.out = "gradebook";
    int rc = parse(argc, argv, &gb, &c);
    rk_json *docs = NULL;
    if (rc != RK_OPTS_GO_ON)
        goto out;
    rc = RK_EXIT_USAGE;
    if (c.merge) {
        docs = rk_xcalloc((size_t)c.n_books + 1, sizeof *docs);
        if (grade_merge(&gb, c.books, c.n_books, docs) < 0 || open_folders(&gb, NULL, c.out, 0) < 0)
            goto out;
        rc = RK_EXIT_FAIL;
        if (write_gradebook(&gb) == 0)
            summary(&gb, 0, c.n_books), rc = RK_EXIT_PASS;
    } else if (grade_exercise_load(c.args[0], &gb.x) == 0) {
        rc = c.classroom ? (grade_classroom(&gb) == 0 ? RK_EXIT_PASS : RK_EXIT_FAIL) : grade(&gb, &c);
    }
out:
    if (c.merge)
        gb.x.arg = NULL; /* it points into docs */
    gradebook_free(&gb);
    for (int i = 0; docs && i < c.n_books; i++)
        rk_json_free(&docs[i]);
    free(docs);
    free(c.books);
    return rc;
}
