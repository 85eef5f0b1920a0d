/* test_reports.c - the text parser and the hook record parser, on real
 * outputs of clang 14's and gcc 12's TSan runtimes (data/tsan/): each finds
 * the right kinds and accesses, and the two agree on the same run. */
#include "util/util.h"
#include "read/hook_records.h"
#include "read/tsan_text.h"
#include "tests/rk_test.h"

#include <stdlib.h>

static const char *const compilers[] = { "clang14", "gcc12" };

struct parsed {
    rk_report_list text, hook;
    rk_invariant inv;
};

static void parse_pair(const char *compiler, const char *kind, const char *variant, struct parsed *p)
{
    memset(p, 0, sizeof *p);
    char *txt_path = rk_xasprintf("%s/tsan/%s-%s.txt", RK_DATA_DIR, compiler, kind);
    char *rec_path = rk_xasprintf("%s/tsan/%s-%s.rec", RK_DATA_DIR, compiler, kind);
    size_t tlen = 0, rlen = 0;
    char *txt = rk_read_file(txt_path, 1 << 20, &tlen);
    char *rec = rk_read_file(rec_path, 1 << 20, &rlen);
    RK_EXPECT(txt != NULL && rec != NULL);
    if (txt && rec) {
        rk_tsan_text_parse(txt, tlen, variant, &p->text);
        rk_hook_parse(rec, rlen, variant, &p->hook, &p->inv);
    }
    free(txt), free(rec), free(txt_path), free(rec_path);
}

static void free_pair(struct parsed *p)
{
    rk_report_list_free(&p->text);
    rk_report_list_free(&p->hook);
    rk_invariant_free(&p->inv);
}

/* Both parsers see the same reports, kinds and access lines. */
static void expect_agree(const struct parsed *p)
{
    RK_EXPECT_INT(p->text.n, p->hook.n);
    for (int i = 0; i < p->text.n && i < p->hook.n; i++) {
        RK_EXPECT_STR(p->text.items[i].kind, p->hook.items[i].kind);
        RK_EXPECT_INT(p->text.items[i].n_accesses, p->hook.items[i].n_accesses);
        for (int j = 0; j < p->text.items[i].n_accesses && j < p->hook.items[i].n_accesses; j++) {
            const rk_access *a = &p->text.items[i].accesses[j], *b = &p->hook.items[i].accesses[j];
            RK_EXPECT_INT(a->frame.line, b->frame.line);
            RK_EXPECT_INT(a->thread, b->thread);
            RK_EXPECT_INT(a->write, b->write);
            RK_EXPECT_STR(rk_basename(a->frame.file), rk_basename(b->frame.file));
        }
    }
}

static void test_data_race(void)
{
    for (int c = 0; c < 2; c++) {
        struct parsed p;
        parse_pair(compilers[c], "data-race", "unsafe.c", &p);
        RK_EXPECT_INT(p.text.n, 1);
        if (p.text.n == 1) {
            const rk_report *r = &p.text.items[0];
            RK_EXPECT_STR(r->kind, "data-race");
            RK_EXPECT_INT(r->n_accesses, 2);
            for (int j = 0; j < r->n_accesses; j++) {
                RK_EXPECT_STR(rk_basename(r->accesses[j].frame.file), "unsafe.c");
                RK_EXPECT_INT(r->accesses[j].frame.line, 18);
                RK_EXPECT_STR(r->accesses[j].frame.function, "add_one");
            }
            /* clang reports the write of n++ first, gcc its read. */
            RK_EXPECT_INT(r->accesses[0].write, c == 0);
            RK_EXPECT_INT(r->accesses[1].write, 1);
            RK_EXPECT_INT(r->accesses[0].thread, 2);
            RK_EXPECT_INT(r->accesses[1].thread, 1);
            /* the thread-creation stacks point at main's racekit_run call */
            RK_EXPECT(r->n_locations >= 2);
            if (r->n_locations >= 1)
                RK_EXPECT_STR(r->locations[0].function, "main");
        }
        expect_agree(&p);
        free_pair(&p);
    }
}

static void test_heap_use_after_free(void)
{
    for (int c = 0; c < 2; c++) {
        struct parsed p;
        parse_pair(compilers[c], "heap-use-after-free", "uaf.c", &p);
        RK_EXPECT_INT(p.text.n, 1);
        if (p.text.n == 1) {
            const rk_report *r = &p.text.items[0];
            RK_EXPECT_STR(r->kind, "heap-use-after-free");
            RK_EXPECT_INT(r->n_accesses, 2);
            /* The free() access: the interceptor frame is skipped for the caller. */
            if (r->n_accesses == 2) {
                RK_EXPECT_INT(r->accesses[0].write, 0);
                RK_EXPECT_INT(r->accesses[1].write, 1);
                RK_EXPECT_STR(r->accesses[1].frame.function, "body");
                RK_EXPECT_INT(r->accesses[1].frame.line, 3);
            }
        }
        expect_agree(&p);
        free_pair(&p);
    }
}

/* Kinds with no memory access: the frames point at the case's own code. */
static void test_other_kinds(void)
{
    static const struct { const char *kind; const char *variant; int reports; } rows[] = {
        { "thread-leak", "unsafe.c", 2 },
        { "lock-order-inversion", "unsafe.c", 1 },
        { "locked-mutex-destroy", "unsafe.c", 1 },
        { "signal-unsafe-call", "sig.c", 2 },
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
        for (int c = 0; c < 2; c++) {
            struct parsed p;
            parse_pair(compilers[c], rows[k].kind, rows[k].variant, &p);
            RK_EXPECT_INT(p.text.n, rows[k].reports);
            for (int i = 0; i < p.text.n; i++) {
                RK_EXPECT_STR(p.text.items[i].kind, rows[k].kind);
                RK_EXPECT(p.text.items[i].n_locations > 0);
                if (p.text.items[i].n_locations > 0)
                    RK_EXPECT_STR(rk_basename(p.text.items[i].locations[0].file), rows[k].variant);
            }
            expect_agree(&p);
            free_pair(&p);
        }
}

static void test_titles(void)
{
    RK_EXPECT_STR(rk_tsan_kind_from_title("data race (pid=1)"), "data-race");
    RK_EXPECT_STR(rk_tsan_kind_from_title("lock-order-inversion (potential deadlock) (pid=1)"), "lock-order-inversion");
    RK_EXPECT_STR(rk_tsan_kind_from_title("unlock of an unlocked mutex (or by a wrong thread) (pid=1)"), "mutex-bad-unlock");
    RK_EXPECT_STR(rk_tsan_kind_from_title("signal handler spoils errno (pid=1)"), "errno-in-signal-handler");
    RK_EXPECT(rk_tsan_kind_from_title("something new (pid=1)") == NULL);
}

static void test_frames_without_location(void)
{
    const char text[] =
        "WARNING: ThreadSanitizer: data race (pid=7)\n"
        "  Read of size 4 at 0x1 by main thread:\n"
        "    #0 __tsan::CallUserSignalHandler(__tsan::ThreadState*, bool) tsan.cpp.o (x+0x1)\n"
        "    #1 worker /a b/c:d/unsafe.c:31:7 (x+0x2) (BuildId: ff)\n"
        "  Previous atomic write of size 4 at 0x1 by thread T3 (mutexes: write M1):\n"
        "    #0 helper (x+0x3)\n"
        "SUMMARY: ThreadSanitizer: data race\n";
    rk_report_list l = RK_REPORT_LIST_INIT;
    rk_tsan_text_parse(text, sizeof text - 1, "unsafe.c", &l);
    RK_EXPECT_INT(l.n, 1);
    if (l.n == 1 && l.items[0].n_accesses == 2) {
        RK_EXPECT_STR(l.items[0].accesses[0].frame.function, "worker");
        RK_EXPECT_STR(l.items[0].accesses[0].frame.file, "/a b/c:d/unsafe.c");
        RK_EXPECT_INT(l.items[0].accesses[0].frame.line, 31);
        RK_EXPECT_INT(l.items[0].accesses[0].thread, 0);
        RK_EXPECT_INT(l.items[0].accesses[1].thread, 3);
        RK_EXPECT_INT(l.items[0].accesses[1].atomic, 1);
        RK_EXPECT_STR(l.items[0].accesses[1].frame.function, "helper");
    } else {
        RK_EXPECT(!"two accesses");
    }
    rk_report_list_free(&l);
}

static void test_tool_errors(void)
{
    const char fatal[] = "noise\nFATAL: ThreadSanitizer: unexpected memory mapping 0x7f-0x80\nmore\n";
    char *e = rk_tsan_tool_error(fatal, sizeof fatal - 1);
    RK_EXPECT(e != NULL && strncmp(e, "FATAL: ThreadSanitizer: unexpected memory mapping", 49) == 0);
    RK_EXPECT(rk_tsan_is_mapping_error(fatal, sizeof fatal - 1));
    free(e);
    const char ok[] = "WARNING: ThreadSanitizer: data race (pid=1)\n";
    RK_EXPECT(rk_tsan_tool_error(ok, sizeof ok - 1) == NULL);
}

static void test_hook_invariant_and_truncation(void)
{
    const char rec[] = "invariant\tunsafe.c\t41\tbalance is -50\n"
                       "report\tdata-race\nmop\t1\t1\t0\t4\nf\tw\t/x/unsafe.c\t9\n"
                       "report\tthread-leak\nthread\t1\t0\t\nf\tmain\t/x/unsafe.c"; /* cut by a kill */
    rk_report_list l = RK_REPORT_LIST_INIT;
    rk_invariant inv = { 0, NULL, 0, NULL };
    rk_hook_parse(rec, sizeof rec - 1, "unsafe.c", &l, &inv);
    RK_EXPECT_INT(inv.failed, 1);
    RK_EXPECT_INT(inv.line, 41);
    RK_EXPECT_STR(inv.message, "balance is -50");
    RK_EXPECT_INT(l.n, 2);
    if (l.n == 2) {
        RK_EXPECT_STR(l.items[1].kind, "thread-leak");
        RK_EXPECT_INT(l.items[0].accesses[0].frame.line, 9);
    }
    rk_report_list_free(&l);
    rk_invariant_free(&inv);
}

int main(void)
{
    RK_RUN(test_data_race);
    RK_RUN(test_heap_use_after_free);
    RK_RUN(test_other_kinds);
    RK_RUN(test_titles);
    RK_RUN(test_frames_without_location);
    RK_RUN(test_tool_errors);
    RK_RUN(test_hook_invariant_and_truncation);
    return rk_test_done();
}
