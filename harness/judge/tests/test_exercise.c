/* test_exercise.c - the call scanner that grading compares variants with:
 * calls found with their lines, white space removed, comments and strings
 * skipped; the detector controls; rule 6 (the threads do the work). */
#define _GNU_SOURCE
#include "judge/exercise.h"
#include "tests/rk_test.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdlib.h>

static void test_checks(void)
{
    const char *text = "#include \"racekit.h\"\n"
                       "/* RACEKIT_CHECK(in, a comment) */\n"
                       "int main(void)\n"
                       "{\n"
                       "    puts(\"RACEKIT_CHECK(in a string)\");\n"
                       "    RACEKIT_CHECK(total == 2,\n"
                       "                  \"total is %d (want 2)\", total);\n"
                       "    // RACEKIT_CHECK(x, \"line comment\");\n"
                       "    MY_RACEKIT_CHECK(other);\n"
                       "    RACEKIT_CHECK (f(a, b) > 0, \"f\");\n"
                       "}\n";
    rk_strlist calls = RK_STRLIST_INIT;
    int *lines = NULL;
    rk_exercise_calls(text, "RACEKIT_CHECK", &calls, &lines);
    RK_EXPECT_INT(calls.n, 2);
    if (calls.n == 2) {
        RK_EXPECT_STR(calls.items[0], "RACEKIT_CHECK(total==2,\"total is %d (want 2)\",total)");
        RK_EXPECT_STR(calls.items[1], "RACEKIT_CHECK(f(a,b)>0,\"f\")");
        RK_EXPECT_INT(lines[0], 6);
        RK_EXPECT_INT(lines[1], 10);
    }
    free(lines);
    rk_sl_free(&calls);
}

static void test_thread_starts(void)
{
    const char *text = "racekit_run(2, add, NULL);\npthread_create(&t, NULL, f, NULL);\n"
                       "/* pthread_create(&u, NULL, f, NULL); */ my_pthread_create(x);\n";
    rk_strlist calls = RK_STRLIST_INIT;
    rk_exercise_calls(text, "racekit_run", &calls, NULL);
    rk_exercise_calls(text, "pthread_create", &calls, NULL);
    RK_EXPECT_INT(calls.n, 2);
    rk_sl_free(&calls);
}

static void test_controls(void)
{
    const char *text = "#if defined(__SANITIZE_THREAD__)\n"
                       "__attribute__((no_sanitize(\"thread\"))) static void f(void);\n"
                       "/* __tsan_acquire(&x) in a comment */ int x1 = 0x__tsan_;\n"
                       "const char *__tsan_default_options(void) { return \"report_bugs=0\"; }\n"
                       "AnnotateHappensBefore(f, l, &x); Annotated = 1; my__tsan_x = 2;\n"
                       "setenv(\"TSAN_OPTIONS\", \"\", 1);\n";
    rk_strlist words = RK_STRLIST_INIT;
    int *lines = NULL;
    rk_exercise_controls(text, &words, &lines);
    RK_EXPECT_INT(words.n, 5);
    if (words.n == 5) {
        RK_EXPECT_STR(words.items[0], "__SANITIZE_THREAD__");
        RK_EXPECT_STR(words.items[1], "no_sanitize");
        RK_EXPECT_STR(words.items[2], "__tsan_default_options");
        RK_EXPECT_STR(words.items[3], "AnnotateHappensBefore");
        RK_EXPECT_STR(words.items[4], "TSAN_OPTIONS");
        RK_EXPECT_INT(lines[0], 1);
        RK_EXPECT_INT(lines[2], 4);
        RK_EXPECT_INT(lines[4], 6);
    }
    free(lines);
    rk_sl_free(&words);
}

/* exercise.txt's line turns rule 6 off; a run whose threads did nothing
 * fails it only where it applies, and only when the probe measured. */
static void test_work_rule(void)
{
    char dir[] = "/tmp/rk-exercise-XXXXXX";
    RK_EXPECT(mkdtemp(dir) != NULL);
    char path[64], src[] = "int main(void) { racekit_run(2, f, 0); return 0; }\n";
    const char *files[] = { "unsafe.c", "safe.c" };
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "w");
        fputs(src, f);
        fclose(f);
    }
    snprintf(path, sizeof path, "%s/%s", dir, RK_EXERCISE_MARKER);
    for (int off = 0; off < 2; off++) {
        FILE *f = fopen(path, "w");
        fprintf(f, "an exercise\n%s", off ? RK_EXERCISE_NO_WORK_RULE "\n" : "");
        fclose(f);
        rk_exercise *ex = rk_exercise_open(dir);
        RK_EXPECT(ex != NULL);
        rk_run run;
        memset(&run, 0, sizeof run);
        rk_work idle = { 1, 0, 0 }, busy = { 1, 4, 0 }, unmeasured = { 0, 0, 0 };
        int pass = 1;
        char *reason = rk_xstrdup("clean");
        rk_exercise_grade(ex, &run, &idle, &pass, &reason);
        RK_EXPECT_INT(pass, off);
        RK_EXPECT(off || strstr(reason, "threads do no work"));
        pass = 1;
        rk_exercise_grade(ex, &run, &busy, &pass, &reason);
        RK_EXPECT_INT(pass, 1);
        rk_exercise_grade(ex, &run, &unmeasured, &pass, &reason);
        RK_EXPECT_INT(pass, 1);
        free(reason);
        rk_exercise_close(ex);
    }
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/%s", dir, RK_EXERCISE_MARKER);
    unlink(path);
    RK_EXPECT(rmdir(dir) == 0);
}

int main(void)
{
    RK_RUN(test_work_rule);
    RK_RUN(test_controls);
    RK_RUN(test_checks);
    RK_RUN(test_thread_starts);
    return rk_test_done();
}
