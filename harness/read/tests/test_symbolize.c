/* test_symbolize.c - symbolize.c and symbolize_report.c on a real program
 * (fixtures/symbolize/inlined.c, built with -g -O1 by CMake): an inlined
 * call gives two frames, a global is named, TSan's unsymbolized text and
 * the hook's "m" records come out as TSan would have written them, and
 * what cannot be resolved is kept or marked unknown, never lost. */
#define _GNU_SOURCE
#include "tests/rk_test.h"
#include "util/util.h"
#include "read/symbolize.h"
#include "read/symbolize_report.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *fixture = SYMBOLIZE_FIXTURE;
static const char *source = SYMBOLIZE_SOURCE;
static unsigned long pc_offset, global_offset, count_offset, grid_offset, lock_inside_offset;
static int inline_line, call_line;

static int run_fixture(void)
{
    FILE *p = popen(fixture, "r");
    if (p == NULL)
        return 0;
    int n = fscanf(p, "%lx %d %d %lx %lx %lx %lx", &pc_offset, &inline_line, &call_line, &global_offset,
                   &count_offset, &grid_offset, &lock_inside_offset);
    pclose(p);
    return n == 7;
}

static void test_inlined_frames(void)
{
    rk_symbolizer *s = rk_sym_new();
    rk_sym_frame f[8];
    int n = rk_sym_code(s, fixture, pc_offset, f, 8);
    RK_EXPECT_INT(n, 2);
    if (n == 2) {
        RK_EXPECT_STR(f[0].function, "inlined_step");
        RK_EXPECT_STR(f[0].file, source);
        RK_EXPECT_INT(f[0].line, inline_line);
        RK_EXPECT(f[0].column > 0);
        RK_EXPECT_STR(f[1].function, "main");
        RK_EXPECT_STR(f[1].file, source);
        RK_EXPECT_INT(f[1].line, call_line);
    }
    rk_sym_frames_free(f, n);
    RK_EXPECT_INT(rk_sym_code(s, fixture, pc_offset, f, 1), 1); /* at most max */
    rk_sym_frames_free(f, 1);
    RK_EXPECT_INT(rk_sym_code(s, "/nonexistent/module", 0x10, f, 8), 0);
    RK_EXPECT_INT(rk_sym_code(s, "/", 0x10, f, 8), 0);         /* a directory */
    RK_EXPECT_INT(rk_sym_code(s, source, 0x10, f, 8), 0);      /* not ELF */
    RK_EXPECT_STR(rk_sym_module_named(s, "inlined"), fixture);
    RK_EXPECT(rk_sym_module_named(s, "module") == NULL);        /* never opened */
    rk_sym_free(s);
}

static void test_global(void)
{
    rk_symbolizer *s = rk_sym_new();
    uint64_t size = 0, into = 0;
    char *name = rk_sym_data(s, fixture, global_offset, &size, &into);
    RK_EXPECT_STR(name, "shared_pair");
    RK_EXPECT_INT(size, 2 * sizeof(long));
    RK_EXPECT_INT(into, sizeof(long));
    free(name);
    RK_EXPECT(rk_sym_data(s, fixture, pc_offset, &size, &into) == NULL); /* code, not data */
    rk_sym_free(s);
}

/* Places inside globals as C writes them: arrays by index, members by
 * name, never into pthread_mutex_t's own members; by name as gdb gives
 * it too. */
static void test_global_paths(void)
{
    rk_symbolizer *s = rk_sym_new();
    char *name = rk_sym_data_path(s, fixture, count_offset);
    RK_EXPECT_STR(name, "table.slots[2].count");
    free(name);
    name = rk_sym_data_path(s, fixture, grid_offset);
    RK_EXPECT_STR(name, "table.grid[1][2]");
    free(name);
    name = rk_sym_data_path(s, fixture, lock_inside_offset);
    RK_EXPECT_STR(name, "table.slots[1].lock+8");
    free(name);
    name = rk_sym_data_path(s, fixture, global_offset);
    RK_EXPECT_STR(name, "shared_pair[1]");
    free(name);
    name = rk_sym_data_named(s, fixture, "table", sizeof(pthread_mutex_t) + sizeof(int) + 4);
    RK_EXPECT_STR(name, "table.slots[1].lock");
    free(name);
    RK_EXPECT(rk_sym_data_path(s, fixture, pc_offset) == NULL); /* code, not data */
    RK_EXPECT(rk_sym_data_named(s, fixture, "no_such_global", 0) == NULL);
    rk_sym_free(s);
}

static char *rewrite_text(const char *text)
{
    rk_symbolizer *s = rk_sym_new();
    rk_strbuf out = RK_STRBUF_INIT;
    rk_symbolize_tsan_text(s, text, strlen(text), fixture, &out);
    rk_sym_free(s);
    return rk_sb_detach(&out);
}

static void test_text(void)
{
    char *text = NULL, *want = NULL;
    if (asprintf(&text,
                 "WARNING: ThreadSanitizer: data race (pid=1)\n"
                 "  Write of size 8 at 0x7f0000001008 by thread T1:\n"
                 "    #0 <null> <null> (libfoo.so+0x10) (BuildId: cd)\n"
                 "    #1 <null> <null> (inlined+0x%lx) (BuildId: ab)\n"
                 "    #2 <null> <null> (libfoo.so+0x20) (BuildId: cd)\n"
                 "    #3 <null> <null> (inlined+0x%lx) (BuildId: ab)\n"
                 "\n"
                 "  Location is global '<null>' at 0x000000000000 (inlined+0x%lx)\n"
                 "\n"
                 "  Thread T1 created by main thread at:\n"
                 "    #0 <null> <null> (inlined+0x%lx)\n"
                 "    #1 <null> <null> (libc.so.6+0x27249)\n"
                 "\n"
                 "SUMMARY: ThreadSanitizer: data race (%s+0x%lx) (BuildId: ab) \n",
                 pc_offset, pc_offset, global_offset, pc_offset, fixture, pc_offset) < 0 ||
        asprintf(&want,
                 "WARNING: ThreadSanitizer: data race (pid=1)\n"
                 "  Write of size 8 at 0x7f0000001008 by thread T1:\n"
                 "    #0 <null> <null> (libfoo.so+0x10) (BuildId: cd)\n"
                 "    #1 inlined_step %s:%d:%%d (inlined+0x%lx) (BuildId: ab)\n"
                 "    #2 main %s:%d:%%d (inlined+0x%lx) (BuildId: ab)\n"
                 "    #3 <null> <null> (libfoo.so+0x20) (BuildId: cd)\n"
                 "    #4 inlined_step %s:%d:%%d (inlined+0x%lx) (BuildId: ab)\n"
                 "    #5 main %s:%d:%%d (inlined+0x%lx) (BuildId: ab)\n"
                 "\n"
                 "  Location is global 'shared_pair' of size %zu at 0x7f0000001000 (inlined+0x%lx)\n"
                 "\n"
                 "  Thread T1 created by main thread at:\n"
                 "    #0 inlined_step %s:%d:%%d (inlined+0x%lx)\n"
                 "    #1 main %s:%d:%%d (inlined+0x%lx)\n"
                 "\n"
                 "SUMMARY: ThreadSanitizer: data race %s:%d:%%d in inlined_step\n",
                 source, inline_line, pc_offset, source, call_line, pc_offset, source, inline_line, pc_offset,
                 source, call_line, pc_offset, 2 * sizeof(long),
                 global_offset, source, inline_line, pc_offset, source, call_line, pc_offset, source,
                 inline_line) < 0)
        return;
    char *got = rewrite_text(text);
    /* The columns are the compiler's: compare with them masked. */
    rk_strbuf masked = RK_STRBUF_INIT;
    for (const char *p = got; *p; p++) {
        rk_sb_putc(&masked, *p);
        if (*p == ':' && p > got && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '1' && p[1] <= '9') {
            rk_sb_puts(&masked, "%d");
            while (p[1] >= '0' && p[1] <= '9')
                p++;
        }
    }
    /* The libc frame below main is cut, as TSan cuts it; the unknown
     * module's frames are kept as they were, renumbered after the inlined
     * ones. */
    RK_EXPECT_STR(rk_sb_cstr(&masked), want);
    rk_sb_free(&masked);
    free(got);

    const char *plain = "no frames here\n  #x not a frame\n    #0 <null> <null> (inlined+0xzz)\n";
    got = rewrite_text(plain);
    RK_EXPECT_STR(got, plain);
    free(got);
    free(text), free(want);
}

static void test_records(void)
{
    char *in = NULL, *want = NULL;
    if (asprintf(&in, "report\tdata-race\t1\t1\nmop\t1\t1\t0\t8\nm\t%s\t%lx\nm\t/nonexistent\t10\nm\t%s\tzz\nend",
                 fixture, pc_offset, fixture) < 0 ||
        asprintf(&want, "report\tdata-race\t1\t1\nmop\t1\t1\t0\t8\nf\tinlined_step\t%s\t%d\nf\tmain\t%s\t%d\n"
                 "f\t??\t??\t0\nf\t??\t??\t0\nend\n", source, inline_line, source, call_line) < 0)
        return;
    rk_symbolizer *s = rk_sym_new();
    rk_strbuf out = RK_STRBUF_INIT;
    rk_symbolize_records(s, in, strlen(in), &out);
    RK_EXPECT_STR(rk_sb_cstr(&out), want);
    rk_sb_free(&out);
    rk_sym_free(s);
    free(in), free(want);
}

int main(void)
{
    if (!rk_sym_available()) {
        printf("racekit was built without libdw: TSan symbolizes itself\n");
        return 77;
    }
    if (!run_fixture()) {
        fprintf(stderr, "FAIL: cannot run %s\n", fixture);
        return 1;
    }
    RK_RUN(test_inlined_frames);
    RK_RUN(test_global);
    RK_RUN(test_global_paths);
    RK_RUN(test_text);
    RK_RUN(test_records);
    return rk_test_done();
}
