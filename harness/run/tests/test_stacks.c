/* test_stacks.c - who waits for whom in a hung program: the summary built
 * from /proc's view of each thread and gdb's stacks (a real gdb output of
 * harness/sandbox/tests/hostile/hang/deadlock, recorded in data/stacks/). */
#include "util/util.h"
#include "run/stacks.h"
#include "tests/rk_test.h"

#include <stdlib.h>

/* The threads of the recorded run: main joins, TSan's background thread
 * sleeps, thread 1 (tid 16250) waits for `b` held by thread 2 (16251),
 * which waits for `a` held by thread 1. */
static const rk_thread_wait deadlock[] = {
    { 16248, 'S', 0x7f9dd5bff990UL, 0, 0 },
    { 16249, 'S', 0, 0, 0 },
    { 16250, 'S', 0x565036fe8298UL, 0, 16251 },
    { 16251, 'S', 0x565036fe8270UL, 0, 16250 },
};

static char *gdb_text(void)
{
    char *text = rk_read_file(RK_DATA_DIR "/stacks/gdb-deadlock.txt", 1 << 20, NULL);
    RK_EXPECT(text != NULL);
    return text;
}

static void test_deadlock_with_gdb(void)
{
    char *text = gdb_text();
    char *s = rk_explain_waits(deadlock, 4, 16248, text, "safe.c");
    RK_EXPECT_STR(s, "deadlock: thread 1 waits at safe.c:14 for mutex `b`, held by thread 2; "
                     "thread 2 waits at safe.c:23 for mutex `a`, held by thread 1");
    free(s);
    free(text);
}

static void test_deadlock_from_proc_only(void)
{
    char *s = rk_explain_waits(deadlock, 4, 16248, NULL, "safe.c");
    RK_EXPECT_STR(s, "deadlock: the thread with tid 16250 waits for the mutex at 0x565036fe8298, held by "
                     "the thread with tid 16251; the thread with tid 16251 waits for the mutex at "
                     "0x565036fe8270, held by the thread with tid 16250");
    free(s);
}

/* A wait without a cycle is explained, but is no deadlock. */
static void test_wait_without_cycle(void)
{
    const rk_thread_wait t[] = { { 100, 'R', 0, 0, 0 }, { 101, 'S', 0x1000, 0, 100 } };
    char *s = rk_explain_waits(t, 2, 100, NULL, "unsafe.c");
    RK_EXPECT_STR(s, "the thread with tid 101 waits for the mutex at 0x1000, held by the main thread");
    free(s);
}

/* Re-locking a mutex the thread holds (a default mutex does not check). */
static void test_self_deadlock(void)
{
    const rk_thread_wait t[] = { { 200, 'S', 0x2000, 0, 200 } };
    char *s = rk_explain_waits(t, 1, 200, NULL, "unsafe.c");
    RK_EXPECT_STR(s, "deadlock: the main thread waits for the mutex at 0x2000, which it already holds");
    free(s);
}

/* No mutex waits: where the threads were, the detector's thread left out. */
static void test_where_threads_were(void)
{
    char *text = gdb_text();
    const rk_thread_wait t[] = {
        { 16248, 'S', 0, 0, 0 }, { 16249, 'S', 0, 0, 0 }, { 16250, 'R', 0, 0, 0 }, { 16251, 'S', 0, 0, 0 },
    };
    char *s = rk_explain_waits(t, 4, 16248, text, "safe.c");
    RK_EXPECT_STR(s, "the main thread was waiting in racekit_run at safe.c:40; "
                     "thread 1 was running in a_then_b at safe.c:14; "
                     "thread 2 was waiting in pthread_mutex_lock at safe.c:23");
    free(s);
    free(text);
}

/* gdb saw the thread outside pthread_mutex_lock: not a mutex wait. */
static void test_gdb_overrules_a_lookalike(void)
{
    char *text = gdb_text();
    rk_thread_wait t[4];
    memcpy(t, deadlock, sizeof t);
    t[0].owner = 16250; /* main's join futex, as if it looked like a mutex */
    char *s = rk_explain_waits(t, 4, 16248, text, "safe.c");
    RK_EXPECT(s != NULL && strstr(s, "main thread waits") == NULL);
    free(s);
    free(text);
}

static void test_nothing_known(void)
{
    const rk_thread_wait t[] = { { 300, 'R', 0, 0, 0 } };
    RK_EXPECT(rk_explain_waits(t, 1, 300, NULL, "unsafe.c") == NULL);
    RK_EXPECT(rk_explain_waits(t, 1, 300, "garbage\n#\n#1\nThread (LWP\n@@symbol 0x\n", "unsafe.c") == NULL);
    RK_EXPECT(rk_explain_waits(NULL, 0, 300, "", "unsafe.c") == NULL);
}

int main(void)
{
    RK_RUN(test_deadlock_with_gdb);
    RK_RUN(test_deadlock_from_proc_only);
    RK_RUN(test_wait_without_cycle);
    RK_RUN(test_self_deadlock);
    RK_RUN(test_where_threads_were);
    RK_RUN(test_gdb_overrules_a_lookalike);
    RK_RUN(test_nothing_known);
    return rk_test_done();
}
