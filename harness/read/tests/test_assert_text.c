/* test_assert_text.c - glibc's failed-assertion line read as the program's
 * own check (assert_text.h), and dropping a kind from a report list. */
#include "util/util.h"
#include "read/assert_text.h"
#include "read/detector_report.h"
#include "tests/rk_test.h"

#include <string.h>

static int parse(const char *text, rk_invariant *inv)
{
    memset(inv, 0, sizeof *inv);
    return rk_assert_parse(text, strlen(text), inv);
}

/* The line as glibc 2.36 prints it for a clang or gcc build. */
static void test_glibc_line(void)
{
    rk_invariant inv;
    RK_EXPECT_INT(parse("bin: /tmp/cases/bank/acct/unsafe.c:24: int main(void): Assertion `balance >= 0' failed.\n", &inv), 1);
    RK_EXPECT_INT(inv.failed, 1);
    RK_EXPECT_STR(inv.file, "unsafe.c");
    RK_EXPECT_INT(inv.line, 24);
    RK_EXPECT_STR(inv.message, "assert(balance >= 0) failed in main");
    rk_invariant_free(&inv);
}

/* Without the program's name or the function; a ": " in the expression. */
static void test_short_forms(void)
{
    rk_invariant inv;
    RK_EXPECT_INT(parse("safe.c:7: Assertion `x == 1' failed.", &inv), 1);
    RK_EXPECT_STR(inv.file, "safe.c");
    RK_EXPECT_INT(inv.line, 7);
    RK_EXPECT_STR(inv.message, "assert(x == 1) failed");
    rk_invariant_free(&inv);
    RK_EXPECT_INT(parse("a.out: q.c:3: void *worker(void *): Assertion `ok ? a: b' failed.\n", &inv), 1);
    RK_EXPECT_STR(inv.message, "assert(ok ? a: b) failed in worker");
    rk_invariant_free(&inv);
}

/* Under the scheduler every schedule writes to one stderr: the last
 * assertion is the one that aborted. Other text is no assertion. */
static void test_last_and_noise(void)
{
    rk_invariant inv;
    RK_EXPECT_INT(parse("p: u.c:5: main: Assertion `a' failed.\nnoise\np: u.c:9: main: Assertion `b' failed.\n", &inv), 1);
    RK_EXPECT_INT(inv.line, 9);
    RK_EXPECT_STR(inv.message, "assert(b) failed in main");
    rk_invariant_free(&inv);
    RK_EXPECT_INT(parse("", &inv), 0);
    RK_EXPECT_INT(parse("printf says: Assertion `x' failed. and more\n", &inv), 0);
    RK_EXPECT_INT(parse("no file here: Assertion `x' failed.\n", &inv), 0);
    RK_EXPECT_INT(inv.failed, 0);
}

static void test_report_drop(void)
{
    rk_report_list l = RK_REPORT_LIST_INIT;
    rk_report_new(&l, "data-race");
    rk_report_new(&l, "thread-leak");
    rk_report_new(&l, "mutex-destroy-locked");
    rk_report_new(&l, "thread-leak");
    RK_EXPECT_INT(rk_report_list_drop(&l, "thread-leak"), 2);
    RK_EXPECT_INT(l.n, 2);
    RK_EXPECT_STR(l.items[0].kind, "data-race");
    RK_EXPECT_STR(l.items[1].kind, "mutex-destroy-locked");
    rk_report_list_free(&l);
}

int main(void)
{
    RK_RUN(test_glibc_line);
    RK_RUN(test_short_forms);
    RK_RUN(test_last_and_noise);
    RK_RUN(test_report_drop);
    return rk_test_done();
}
