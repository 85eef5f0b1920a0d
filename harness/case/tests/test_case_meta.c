/* test_case_meta.c - front matter: good input parses; each mistake gives one
 * line naming the file, the line and the problem. */
#define _POSIX_C_SOURCE 200809L
#include "case/case_meta.h"
#include "util/util.h"
#include "tests/rk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse(const char *text, rk_meta *m, char *err)
{
    return rk_meta_parse("cases/x/y/README.md", text, strlen(text), m, err, 512);
}

static void test_good(void)
{
    rk_meta m;
    char err[512] = "";
    const char *text = "---\ntitle: Lost update\nexpect: data-race, invariant\ntimeout: 2.5\n"
                       "cflags: -lm\nfix: pthread_mutex_t\nexpect.tsan-gcc: invariant\nfalse-alarm.helgrind: data-race\n"
                       "false-alarm.drd: other\n---\n# body\n";
    RK_EXPECT_INT(parse(text, &m, err), 0);
    RK_EXPECT_STR(m.title, "Lost update");
    RK_EXPECT_INT(m.expect.n, 2);
    if (m.expect.n == 2) {
        RK_EXPECT_STR(m.expect.items[0], "data-race");
        RK_EXPECT_STR(m.expect.items[1], "invariant");
    }
    RK_EXPECT(m.timeout == 2.5);
    RK_EXPECT_STR(m.cflags, "-lm");
    RK_EXPECT_INT(m.body_line, 11);
    RK_EXPECT(rk_meta_false_alarms_for(&m, "helgrind") != NULL && rk_meta_false_alarms_for(&m, "helgrind")->n == 1);
    RK_EXPECT_INT(rk_meta_expect_for(&m, "tsan-gcc")->n, 1);
    RK_EXPECT_INT(rk_meta_expect_for(&m, "tsan")->n, 2);
    RK_EXPECT(rk_meta_false_alarms_for(&m, "tsan-gcc") == NULL);
    /* "other": a Valgrind error without a TSan kind, allowed as a false alarm only */
    RK_EXPECT(rk_meta_false_alarms_for(&m, "drd") != NULL && rk_meta_false_alarms_for(&m, "drd")->n == 1);
    rk_meta_free(&m);
}

static void test_default_timeout(void)
{
    rk_meta m;
    char err[512];
    RK_EXPECT_INT(parse("---\r\ntitle: T\r\nexpect: hang\r\n---\r\n", &m, err), 0);
    RK_EXPECT(m.timeout == 10);
    rk_meta_free(&m);
}

/* Each bad input: the message, exactly. */
static void test_errors(void)
{
    static const struct { const char *text, *message; } rows[] = {
        { "", "cases/x/y/README.md:1: file is empty (it needs front matter between '---' lines)" },
        { "title: T\n", "cases/x/y/README.md:1: front matter must start with a '---' line (found 'title: T')" },
        { "---\ntitle: T\nexpect: data-race\n", "cases/x/y/README.md:1: front matter is not terminated (no closing '---' line)" },
        { "---\ntitle: T\nexpct: data-race\n---\n", "cases/x/y/README.md:3: unknown key 'expct' (did you mean 'expect'?)" },
        { "---\ntitle: T\ncolour: red\n---\n", "cases/x/y/README.md:3: unknown key 'colour' (known keys: title, expect, timeout, cflags, fix, diff-limit, budget, explore, points, expect.<detector>, false-alarm.<detector>)" },
        { "---\ntitle: T\ntitle: U\nexpect: hang\n---\n", "cases/x/y/README.md:3: duplicate key 'title'" },
        { "---\ntitle: T\nexpect: data-rase\n---\n", "cases/x/y/README.md:3: unknown expect value 'data-rase' "
                                                    "(did you mean 'data-race'?)" },
        { "---\ntitle: T\nexpect: deadlock\n---\n", "cases/x/y/README.md:3: unknown expect value 'deadlock' "
                                                   "(did you mean 'hang' or 'lock-order-inversion'?)" },
        { "---\ntitle: T\nexpect: wobbly\n---\n", NULL },
        { "---\ntitle: T\nexpect: data-race,\n---\n", "cases/x/y/README.md:3: empty item in 'expect' (a stray comma?)" },
        { "---\ntitle: T\nexpect: hang, hang\n---\n", "cases/x/y/README.md:3: 'hang' is listed twice in 'expect'" },
        { "---\ntitle: T\nexpect: missed, data-race\n---\n", "cases/x/y/README.md:3: 'missed' means TSan reports nothing: it cannot be listed with a report kind" },
        { "---\ntitle: T\nexpect: hang\ntimeout: soon\n---\n", "cases/x/y/README.md:4: timeout 'soon' is not a number of seconds between 0 and 3600" },
        { "---\ntitle: T\nexpect: hang\ntimeout: -1\n---\n", "cases/x/y/README.md:4: timeout '-1' is not a number of seconds between 0 and 3600" },
        { "---\nexpect: hang\n---\n", "cases/x/y/README.md: missing required key 'title'" },
        { "---\ntitle:\nexpect: hang\n---\n", "cases/x/y/README.md:2: 'title' is empty" },
        { "---\ntitle: T\nexpect.valgrind: hang\n---\n", "cases/x/y/README.md:3: unknown detector 'valgrind' in key 'expect.valgrind' (known: tsan, tsan-clang16, tsan-clang19, tsan-gcc, helgrind, drd)" },
        { "---\ntitle: T\nexpect: hang\nfalse-alarm.drd: invariant\n---\n", "cases/x/y/README.md:4: 'invariant' in 'false-alarm.drd' is not a report kind (a false alarm is a report)" },
        { "---\ntitle: T\nexpect: other\n---\n",
          "cases/x/y/README.md:3: unknown expect value 'other' (allowed: data-race, heap-use-after-free, thread-leak, "
          "lock-order-inversion, locked-mutex-destroy, mutex-double-lock, mutex-bad-unlock, mutex-bad-read-lock, "
          "mutex-bad-read-unlock, mutex-invalid-access, signal-unsafe-call, errno-in-signal-handler, invariant, hang, missed, "
          "unsupported)" },
        { "---\ntitle: T\nexpect: unsupported, data-race\n---\n",
          "cases/x/y/README.md:3: 'unsupported' means the detector cannot judge the program at all: it cannot be "
          "listed with anything else" },
        { "---\ntitle: T\njust words\n---\n", "cases/x/y/README.md:3: expected 'key: value', found 'just words'" },
        { "---\ntitle: T\xff\xfe\nexpect: hang\n---\n", "cases/x/y/README.md:2: front matter is not valid UTF-8" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rk_meta m;
        char err[512] = "";
        RK_EXPECT_INT(parse(rows[i].text, &m, err), -1);
        if (rows[i].message)
            RK_EXPECT_STR(err, rows[i].message);
        else
            RK_EXPECT(strstr(err, ":3: unknown expect value 'wobbly' (allowed: data-race,") != NULL);
        RK_EXPECT(m.title == NULL && m.expect.n == 0);
    }
}

/* diff-limit and budget: a number, then the reason the case needs more. */
static void test_limits(void)
{
    rk_meta m;
    char err[512] = "";
    const char *text = "---\ntitle: T\nexpect: hang\ndiff-limit: 80 the fix moves the loop\n"
                       "budget: 2.5 ten thousand iterations show the eviction\n---\n";
    RK_EXPECT_INT(parse(text, &m, err), 0);
    RK_EXPECT(m.diff_limit == 80);
    RK_EXPECT_STR(m.diff_limit_reason, "the fix moves the loop");
    RK_EXPECT(m.budget == 2.5);
    RK_EXPECT_STR(m.budget_reason, "ten thousand iterations show the eviction");
    rk_meta_free(&m);

    RK_EXPECT_INT(parse("---\ntitle: T\nexpect: hang\n---\n", &m, err), 0);
    RK_EXPECT(m.diff_limit == 0 && m.diff_limit_reason == NULL && m.budget == 0);
    rk_meta_free(&m);

    static const struct { const char *text, *message; } rows[] = {
        { "---\ntitle: T\nexpect: hang\ndiff-limit: 80\n---\n",
          "cases/x/y/README.md:4: diff-limit needs a reason after the number (e.g. 'diff-limit: 80 <why this case needs more>')" },
        { "---\ntitle: T\nexpect: hang\ndiff-limit: many lines\n---\n",
          "cases/x/y/README.md:4: diff-limit 'many lines' does not start with a number between 0 and 100000" },
        { "---\ntitle: T\nexpect: hang\nbudget: 2s slow\n---\n",
          "cases/x/y/README.md:4: budget '2s slow' does not start with a number between 0 and 3600" },
        { "---\ntitle: T\nexpect: hang\ndif-limit: 80 x\n---\n",
          "cases/x/y/README.md:4: unknown key 'dif-limit' (did you mean 'diff-limit'?)" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        RK_EXPECT_INT(parse(rows[i].text, &m, err), -1);
        RK_EXPECT_STR(err, rows[i].message);
    }
}

/* explore: find (the default) or cannot (a lesson on the scheduler's limits). */
static void test_explore_key(void)
{
    rk_meta m;
    char err[512] = "";
    RK_EXPECT_INT(parse("---\ntitle: T\nexpect: invariant\n---\n", &m, err), 0);
    RK_EXPECT_INT(m.explore, RK_EXPLORE_FIND);
    rk_meta_free(&m);
    RK_EXPECT_INT(parse("---\ntitle: T\nexpect: invariant\nexplore: cannot\n---\n", &m, err), 0);
    RK_EXPECT_INT(m.explore, RK_EXPLORE_CANNOT);
    rk_meta_free(&m);
    RK_EXPECT_INT(parse("---\ntitle: T\nexpect: invariant\nexplore: find\n---\n", &m, err), 0);
    RK_EXPECT_INT(m.explore, RK_EXPLORE_FIND);
    rk_meta_free(&m);
    RK_EXPECT_INT(parse("---\ntitle: T\nexpect: invariant\nexplore: never\n---\n", &m, err), -1);
    RK_EXPECT_STR(err, "cases/x/y/README.md:4: explore 'never': expected find (the default) or cannot");
}

/* points: kept as written with its line, for racekit grade to read. */
static void test_points_key(void)
{
    rk_meta m;
    char err[512] = "";
    RK_EXPECT_INT(parse("---\ntitle: T\nexpect: invariant\npoints: clean=4, output=1\n---\n", &m, err), 0);
    RK_EXPECT_STR(m.points, "clean=4, output=1");
    RK_EXPECT_INT(m.points_line, 4);
    rk_meta_free(&m);
    RK_EXPECT(m.points == NULL);
    RK_EXPECT_INT(parse("---\ntitle: T\nexpect: invariant\npoints:\n---\n", &m, err), -1);
    RK_EXPECT(strstr(err, "cases/x/y/README.md:4: 'points' is empty") != NULL);
}

static void test_nul_byte(void)
{
    const char text[] = "---\ntitle: T\0x\nexpect: hang\n---\n";
    rk_meta m;
    char err[512] = "";
    RK_EXPECT_INT(rk_meta_parse("R.md", text, sizeof text - 1, &m, err, sizeof err), -1);
    RK_EXPECT_STR(err, "R.md:2: NUL byte in front matter");
}

static void test_missing_file(void)
{
    rk_meta m;
    char err[512] = "";
    RK_EXPECT_INT(rk_meta_load("/nonexistent/README.md", &m, err, sizeof err), -1);
    RK_EXPECT_STR(err, "/nonexistent/README.md: missing (every case needs README.md with front matter)");
}

/* Files the parser never sees: larger than RK_META_MAX_BYTES (a front
 * matter that never ends, say), or not readable as a file. */
static void test_unloadable_files(void)
{
    char dir[] = "test_case_meta.XXXXXX"; /* in the build tree (CTest runs here) */
    RK_EXPECT(mkdtemp(dir) != NULL);
    char *huge = rk_xasprintf("%s/README.md", dir);
    FILE *f = fopen(huge, "w");
    RK_EXPECT(f != NULL);
    if (f) {
        fputs("---\ntitle: T\nexpect: hang\n", f);
        for (int i = 0; i < RK_META_MAX_BYTES / 64 + 1; i++)
            fprintf(f, "# %061d\n", i);
        fclose(f);
    }
    rk_meta m;
    char err[512] = "", *want = rk_xasprintf("%s: file is larger than 1 MiB", huge);
    RK_EXPECT_INT(rk_meta_load(huge, &m, err, sizeof err), -1);
    RK_EXPECT_STR(err, want);
    RK_EXPECT(m.title == NULL);
    free(want);
    unlink(huge);
    /* A folder where README.md should be. */
    RK_EXPECT_INT(mkdir(huge, 0755), 0);
    RK_EXPECT_INT(rk_meta_load(huge, &m, err, sizeof err), -1);
    RK_EXPECT(strncmp(err, huge, strlen(huge)) == 0 && strstr(err, ": cannot read: ") != NULL);
    rmdir(huge);
    rmdir(dir);
    free(huge);
}

int main(void)
{
    RK_RUN(test_good);
    RK_RUN(test_default_timeout);
    RK_RUN(test_errors);
    RK_RUN(test_limits);
    RK_RUN(test_explore_key);
    RK_RUN(test_points_key);
    RK_RUN(test_nul_byte);
    RK_RUN(test_missing_file);
    RK_RUN(test_unloadable_files);
    return rk_test_done();
}
