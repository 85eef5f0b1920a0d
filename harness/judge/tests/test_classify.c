/* test_classify.c - the outcome table (one outcome per run, in the DESIGN
 * order) and the verdicts against every kind of expectation. */
#include "judge/classify.h"
#include "util/util.h"
#include "tests/rk_test.h"

#include <stdlib.h>

static rk_run make_run(rk_end end, int status)
{
    rk_run r;
    memset(&r, 0, sizeof r);
    r.end = end;
    r.status = status;
    r.duration_s = 0.1;
    return r;
}

static void test_outcomes(void)
{
    rk_report_list none = RK_REPORT_LIST_INIT, race = RK_REPORT_LIST_INIT;
    rk_report *r = rk_report_new(&race, "data-race");
    rk_report_add_access(r, 1, 1, 0, "f", "/x/unsafe.c", 3);
    rk_invariant ok = { 0, NULL, 0, NULL }, bad = { 1, "unsafe.c", 9, "x" };
    rk_run clean = make_run(RK_END_EXIT, 0), exit66 = make_run(RK_END_EXIT, 66),
           exit3 = make_run(RK_END_EXIT, 3), segv = make_run(RK_END_SIGNAL, 11),
           timeout = make_run(RK_END_TIMEOUT, 0);
    static const char *const fatal = "FATAL: ThreadSanitizer: CHECK failed";
    struct { rk_facts f; rk_outcome want; } rows[] = {
        { { &clean, &none, &ok, NULL, 0, "unsafe.c", NULL }, RK_OUT_CLEAN },
        { { &exit66, &race, &ok, NULL, 0, "unsafe.c", NULL }, RK_OUT_REPORTED },
        { { &clean, &race, &ok, NULL, 0, "unsafe.c", NULL }, RK_OUT_REPORTED }, /* gcc keeps status 0 */
        { { &exit66, &none, &ok, NULL, 0, "unsafe.c", NULL }, RK_OUT_EXIT },    /* 66 alone is no report */
        { { &exit3, &none, &ok, NULL, 0, "unsafe.c", NULL }, RK_OUT_EXIT },
        { { &segv, &none, &ok, NULL, 0, "unsafe.c", NULL }, RK_OUT_CRASH },
        { { &segv, &race, &ok, NULL, 0, "unsafe.c", NULL }, RK_OUT_REPORTED },
        { { &timeout, &race, &ok, NULL, 0, "unsafe.c", NULL }, RK_OUT_HANG },
        { { &exit3, &race, &bad, NULL, 0, "unsafe.c", NULL }, RK_OUT_INVARIANT },
        { { &exit66, &race, &ok, fatal, 0, "unsafe.c", NULL }, RK_OUT_TOOL_ERROR },
        { { NULL, NULL, NULL, NULL, 1, "unsafe.c", NULL }, RK_OUT_BUILD_ERROR },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        RK_EXPECT_STR(rk_outcome_name(rk_classify(&rows[i].f)), rk_outcome_name(rows[i].want));
    rk_report_list_free(&race);
}

static rk_strlist list_of(const char *a, const char *b)
{
    rk_strlist l = RK_STRLIST_INIT;
    rk_sl_add(&l, a);
    if (b)
        rk_sl_add(&l, b);
    return l;
}

/* Judge one unsafe run; return the verdict and keep the reason. */
static int judge(const char *e1, const char *e2, rk_outcome o, const rk_facts *f, char **reason)
{
    rk_strlist expect = list_of(e1, e2);
    int pass = rk_judge(0, &expect, o, f, 1.0, reason);
    rk_sl_free(&expect);
    return pass;
}

static void test_verdicts(void)
{
    rk_report_list none = RK_REPORT_LIST_INIT, race = RK_REPORT_LIST_INIT, leak = RK_REPORT_LIST_INIT;
    rk_report *r = rk_report_new(&race, "data-race");
    rk_report_add_access(r, 2, 1, 0, "add", "/x/unsafe.c", 14);
    rk_report_add_access(r, 1, 0, 0, "add", "/x/unsafe.c", 15);
    rk_report_new(&leak, "thread-leak");
    rk_invariant ok = { 0, NULL, 0, NULL }, bad = { 1, "unsafe.c", 40, "balance is -50" };
    rk_run clean = make_run(RK_END_EXIT, 0), timeout = make_run(RK_END_TIMEOUT, 0), inv_run = make_run(RK_END_EXIT, 86);
    rk_facts f_race = { &clean, &race, &ok, NULL, 0, "unsafe.c", NULL }, f_clean = { &clean, &none, &ok, NULL, 0, "unsafe.c", NULL },
             f_leak = { &clean, &leak, &ok, NULL, 0, "unsafe.c", NULL }, f_hang = { &timeout, &none, &ok, NULL, 0, "unsafe.c", NULL },
             f_inv = { &inv_run, &none, &bad, NULL, 0, "unsafe.c", NULL };
    char *reason = NULL;

    RK_EXPECT_INT(judge("data-race", NULL, RK_OUT_REPORTED, &f_race, &reason), 1);
    RK_EXPECT_STR(reason, "data-race reported as expected (unsafe.c:14 vs unsafe.c:15)");
    free(reason);
    RK_EXPECT_INT(judge("data-race", NULL, RK_OUT_CLEAN, &f_clean, &reason), 0);
    RK_EXPECT_STR(reason, "expected a data-race report, but the run was clean: the bug did not show");
    free(reason);
    RK_EXPECT_INT(judge("data-race", NULL, RK_OUT_REPORTED, &f_leak, &reason), 0);
    RK_EXPECT_STR(reason, "expected a data-race report, but TSan reported only thread-leak");
    free(reason);
    RK_EXPECT_INT(judge("hang", NULL, RK_OUT_HANG, &f_hang, &reason), 1);
    free(reason);
    RK_EXPECT_INT(judge("hang", NULL, RK_OUT_CLEAN, &f_clean, &reason), 0);
    free(reason);
    RK_EXPECT_INT(judge("invariant", NULL, RK_OUT_INVARIANT, &f_inv, &reason), 1);
    RK_EXPECT_STR(reason, "the program's own check failed as expected (unsafe.c:40: balance is -50)");
    free(reason);
    RK_EXPECT_INT(judge("missed", "invariant", RK_OUT_INVARIANT, &f_inv, &reason), 1);
    free(reason);
    RK_EXPECT_INT(judge("missed", NULL, RK_OUT_CLEAN, &f_clean, &reason), 1);
    RK_EXPECT_STR(reason, "TSan stayed silent, as expected for this blind spot");
    free(reason);
    RK_EXPECT_INT(judge("missed", NULL, RK_OUT_REPORTED, &f_race, &reason), 0);
    RK_EXPECT_STR(reason, "TSan now detects this (data-race (unsafe.c:14 vs unsafe.c:15)); update the case");
    free(reason);
    rk_facts f_helgrind = f_race;
    f_helgrind.tool = "Helgrind"; /* reasons name the detector that ran */
    RK_EXPECT_INT(judge("missed", NULL, RK_OUT_REPORTED, &f_helgrind, &reason), 0);
    RK_EXPECT_STR(reason, "Helgrind now detects this (data-race (unsafe.c:14 vs unsafe.c:15)); update the case");
    free(reason);
    RK_EXPECT_INT(judge("data-race", "invariant", RK_OUT_REPORTED, &f_race, &reason), 0);
    free(reason);

    RK_EXPECT_INT(rk_judge(1, NULL, RK_OUT_CLEAN, &f_clean, 1.0, &reason), 1);
    free(reason);
    RK_EXPECT_INT(rk_judge(1, NULL, RK_OUT_REPORTED, &f_race, 1.0, &reason), 0);
    RK_EXPECT_STR(reason, "ThreadSanitizer reported data-race (unsafe.c:14 vs unsafe.c:15): the program still has a concurrency bug");
    free(reason);
    RK_EXPECT_INT(rk_judge(1, NULL, RK_OUT_HANG, &f_hang, 1.0, &reason), 0);
    free(reason);
    /* A known false alarm of this detector passes the safe variant; any
     * other kind still fails it. */
    rk_strlist alarms = list_of("data-race", NULL);
    RK_EXPECT_INT(rk_judge(1, &alarms, RK_OUT_REPORTED, &f_race, 1.0, &reason), 1);
    RK_EXPECT(strncmp(reason, "known false alarm: data-race reported", 37) == 0);
    free(reason);
    RK_EXPECT_INT(rk_judge(1, &alarms, RK_OUT_REPORTED, &f_leak, 1.0, &reason), 0);
    free(reason);
    rk_sl_free(&alarms);
    rk_report_list_free(&race);
    rk_report_list_free(&leak);
}

/* Every kind reported is named: beside an invariant, beside the expected
 * kind, beside a failed safe variant; not twice when the reason already
 * lists them. */
static void test_every_finding_named(void)
{
    rk_report_list both = RK_REPORT_LIST_INIT, unlock = RK_REPORT_LIST_INIT;
    rk_report *r = rk_report_new(&both, "data-race");
    rk_report_add_access(r, 2, 1, 0, "add", "/x/unsafe.c", 14);
    rk_report_add_access(r, 1, 0, 0, "add", "/x/unsafe.c", 15);
    r = rk_report_new(&unlock, "mutex-bad-unlock");
    rk_report_add_location(r, "worker", "/x/unsafe.c", 20);
    rk_report_add_location(r, "worker", "/x/unsafe.c", 20); /* created on the same line */
    r = rk_report_new(&unlock, "mutex-invalid-access");
    rk_report_add_location(r, "worker", "/x/unsafe.c", 22);
    rk_invariant bad = { 1, "unsafe.c", 40, "balance is -50" };
    rk_invariant ok = { 0, NULL, 0, NULL };
    rk_run inv_run = make_run(RK_END_EXIT, 86), exit66 = make_run(RK_END_EXIT, 66);
    rk_facts f_inv = { &inv_run, &both, &bad, NULL, 0, "unsafe.c", NULL };
    rk_facts f_unlock = { &exit66, &unlock, &ok, NULL, 0, "unsafe.c", NULL };
    char *reason = NULL;

    RK_EXPECT_INT(judge("invariant", NULL, RK_OUT_INVARIANT, &f_inv, &reason), 1);
    RK_EXPECT_STR(reason, "the program's own check failed as expected (unsafe.c:40: balance is -50); TSan also "
                          "reported data-race (unsafe.c:14 vs unsafe.c:15), which expect does not list");
    free(reason);
    RK_EXPECT_INT(judge("invariant", "data-race", RK_OUT_INVARIANT, &f_inv, &reason), 1);
    RK_EXPECT(strstr(reason, "also reported") == NULL);
    free(reason);
    /* The bad unlock's two locations are one line: named once. */
    RK_EXPECT_INT(judge("mutex-bad-unlock", NULL, RK_OUT_REPORTED, &f_unlock, &reason), 1);
    RK_EXPECT_STR(reason, "mutex-bad-unlock reported as expected (unsafe.c:20); TSan also reported "
                          "mutex-invalid-access (unsafe.c:22), which expect does not list");
    free(reason);
    rk_strlist expect = list_of("mutex-bad-unlock", NULL), extra = RK_STRLIST_INIT;
    rk_unexpected_kinds(&unlock, &expect, &extra);
    RK_EXPECT_INT(extra.n, 1);
    RK_EXPECT_STR(extra.n ? extra.items[0] : "", "mutex-invalid-access");
    rk_sl_free(&extra);
    rk_sl_free(&expect);
    /* A safe variant: every kind, and a report beside a failed check. */
    RK_EXPECT_INT(rk_judge(1, NULL, RK_OUT_REPORTED, &f_unlock, 1.0, &reason), 0);
    RK_EXPECT_STR(reason, "ThreadSanitizer reported mutex-bad-unlock (unsafe.c:20) and mutex-invalid-access "
                          "(unsafe.c:22): the program still has a concurrency bug");
    free(reason);
    RK_EXPECT_INT(rk_judge(1, NULL, RK_OUT_INVARIANT, &f_inv, 1.0, &reason), 0);
    RK_EXPECT_STR(reason, "the program's own check failed at unsafe.c:40: balance is -50; TSan also reported "
                          "data-race (unsafe.c:14 vs unsafe.c:15)");
    free(reason);
    rk_report_list_free(&both);
    rk_report_list_free(&unlock);
}

/* A lock-order reason names every edge of the cycle, both acquisition
 * orders with their lines, from real reports of clang 14 and gcc 12. */
static void test_lock_cycle(void)
{
    static const struct { const char *file, *want; } rows[] = {
        { "clang14-lock-order-inversion",
          "cycle M0 -> M1 -> M0: T1 locks M1 at unsafe.c:27 while holding M0 (locked at unsafe.c:26); "
          "T2 locks M0 at unsafe.c:27 while holding M1 (locked at unsafe.c:26)" },
        { "gcc12-lock-order-inversion",
          "cycle M1 -> M2 -> M1: T1 locks M2 at unsafe.c:27 while holding M1 (locked at unsafe.c:26); "
          "T2 locks M1 at unsafe.c:27 while holding M2 (locked at unsafe.c:26)" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *rec_path = rk_xasprintf("%s/tsan/%s.rec", RK_READ_DATA_DIR, rows[i].file);
        char *txt_path = rk_xasprintf("%s/tsan/%s.txt", RK_READ_DATA_DIR, rows[i].file);
        size_t rec_len = 0, txt_len = 0;
        char *rec = rk_read_file(rec_path, 1 << 20, &rec_len), *txt = rk_read_file(txt_path, 1 << 20, &txt_len);
        RK_EXPECT(rec != NULL && txt != NULL);
        rk_report_list reports = RK_REPORT_LIST_INIT;
        rk_invariant inv = { 0, NULL, 0, NULL };
        rk_hook_parse(rec ? rec : "", rec_len, "unsafe.c", &reports, &inv);
        rk_lock_cycles_attach(&reports, txt ? txt : "", txt_len);
        char *where = rk_where(&reports, "lock-order-inversion");
        RK_EXPECT_STR(where ? where : "(none)", rows[i].want);
        free(where);
        rk_report_list_free(&reports);
        free(rec), free(txt), free(rec_path), free(txt_path);
    }
}

int main(void)
{
    RK_RUN(test_outcomes);
    RK_RUN(test_verdicts);
    RK_RUN(test_every_finding_named);
    RK_RUN(test_lock_cycle);
    return rk_test_done();
}
