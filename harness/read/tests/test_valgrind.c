/* test_valgrind.c - the Helgrind and DRD parser on their real outputs for
 * five cases (data/valgrind/): the kinds they map to and the lines. */
#include "util/util.h"
#include "read/valgrind_text.h"
#include "tests/rk_test.h"

#include <stdlib.h>

static void parse(const char *name, rk_report_list *l)
{
    char *path = rk_xasprintf("%s/valgrind/%s.txt", RK_DATA_DIR, name);
    size_t len = 0;
    char *text = rk_read_file(path, 1 << 20, &len);
    RK_EXPECT(text != NULL);
    if (text)
        rk_valgrind_text_parse(text, len, "unsafe.c", l);
    free(text);
    free(path);
}

/* Every report of `name` is of `kind`, and there are `n` of them. */
static void expect_kinds(const char *name, const char *kind, int n)
{
    rk_report_list l = RK_REPORT_LIST_INIT;
    parse(name, &l);
    RK_EXPECT_INT(l.n, n);
    for (int i = 0; i < l.n; i++)
        RK_EXPECT_STR(l.items[i].kind, kind);
    rk_report_list_free(&l);
}

static void test_helgrind_race(void)
{
    rk_report_list l = RK_REPORT_LIST_INIT;
    parse("helgrind-counter", &l);
    RK_EXPECT_INT(l.n, 2); /* the read and the write of counter++ */
    for (int i = 0; i < l.n; i++) {
        RK_EXPECT_STR(l.items[i].kind, "data-race");
        RK_EXPECT_INT(l.items[i].n_accesses, 2);
        for (int j = 0; j < l.items[i].n_accesses; j++) {
            RK_EXPECT_INT(l.items[i].accesses[j].frame.line, 18);
            RK_EXPECT_STR(l.items[i].accesses[j].frame.function, "add_one");
        }
        if (l.items[i].n_accesses == 2) {
            RK_EXPECT_INT(l.items[i].accesses[0].thread, 3);
            RK_EXPECT_INT(l.items[i].accesses[1].thread, 2);
            RK_EXPECT_INT(l.items[i].accesses[1].write, 1);
        }
    }
    RK_EXPECT_INT(l.n == 2 ? l.items[0].accesses[0].write : -1, 0);
    rk_report_list_free(&l);
}

static void test_drd_race(void)
{
    rk_report_list l = RK_REPORT_LIST_INIT;
    parse("drd-counter", &l);
    RK_EXPECT_INT(l.n, 2);
    for (int i = 0; i < l.n; i++) {
        RK_EXPECT_STR(l.items[i].kind, "data-race");
        /* DRD names only the current access; the other segment is a range. */
        RK_EXPECT(l.items[i].n_accesses >= 1);
        RK_EXPECT_INT(l.items[i].accesses[0].frame.line, 18);
        RK_EXPECT_INT(l.items[i].accesses[0].thread, 3);
    }
    rk_report_list_free(&l);
}

static void test_lock_misuse(void)
{
    expect_kinds("helgrind-lock-order", "lock-order-inversion", 1);
    expect_kinds("drd-lock-order", "", 0); /* DRD has no lock-order check */
    expect_kinds("helgrind-destroy-locked", "locked-mutex-destroy", 1);
    expect_kinds("drd-destroy-locked", "locked-mutex-destroy", 1);
    expect_kinds("helgrind-foreign-unlock", "mutex-bad-unlock", 1);
    expect_kinds("drd-foreign-unlock", "mutex-bad-unlock", 1);
}

/* The kinds of `name`'s reports, in order, joined by ",". */
static void expect_sequence(const char *name, const char *kinds)
{
    rk_report_list l = RK_REPORT_LIST_INIT;
    parse(name, &l);
    rk_strbuf got = RK_STRBUF_INIT;
    for (int i = 0; i < l.n; i++)
        rk_sb_printf(&got, "%s%s", i ? "," : "", l.items[i].kind);
    RK_EXPECT_STR(rk_sb_cstr(&got), kinds);
    rk_sb_free(&got);
    rk_report_list_free(&l);
}

/* deadlock/double-lock: the held mutex is overwritten, and the other
 * thread is granted it. Both tools say so in their own words; TSan calls
 * it a double lock. DRD also reports the lock still held at thread exit. */
static void test_double_lock(void)
{
    expect_sequence("helgrind-double-lock", "mutex-double-lock,mutex-bad-unlock");
    expect_sequence("drd-double-lock", "mutex-double-lock,mutex-bad-unlock,other");
}

static void test_kind_lines(void)
{
    RK_EXPECT_STR(rk_valgrind_kind("Thread #2: Attempt to re-lock a non-recursive lock I already hold"), "mutex-double-lock");
    RK_EXPECT_STR(rk_valgrind_kind("Thread #1: Exiting thread still holds 1 lock"), "other");
    RK_EXPECT(rk_valgrind_kind("Thread #3 was created") == NULL);
    RK_EXPECT(rk_valgrind_kind("Locks held: none") == NULL);
    const char fatal[] = "valgrind: failed to start tool 'hellgrind' for platform 'amd64-linux'\n";
    char *e = rk_valgrind_tool_error(fatal, sizeof fatal - 1);
    RK_EXPECT(e != NULL);
    free(e);
}

int main(void)
{
    RK_RUN(test_helgrind_race);
    RK_RUN(test_drd_race);
    RK_RUN(test_lock_misuse);
    RK_RUN(test_double_lock);
    RK_RUN(test_kind_lines);
    return rk_test_done();
}
