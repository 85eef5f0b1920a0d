/* test_build_messages.c - what the harness reads in the compiler's
 * messages: the warnings (one line each) and the linker's trace of the
 * calls a detector cannot see (unseen.h), on real output of clang 14 and
 * gcc 12 linking a C11 <threads.h> program and a handler set with
 * __sysv_signal. */
#include "build/unseen.h"
#include "build/warnings.h"
#include "case/case.h"
#include "util/util.h"
#include "tests/rk_test.h"

#include <stdlib.h>

static void test_warnings(void)
{
    static const char log[] =
        "/work/c/wild/nap/unsafe.c:10:111: warning: implicit declaration of function 'usleep' is invalid in C99 "
        "[-Wimplicit-function-declaration]\n"
        "    while (!done) usleep(1000);\n"
        "                  ^\n"
        "/work/c/wild/nap/unsafe.c: In function 'main':\n"
        "/work/c/wild/nap/unsafe.c:12:5: warning: unused variable 'x' [-Wunused-variable]\n"
        "/work/c/wild/nap/unsafe.c:10:111: warning: implicit declaration of function 'usleep' is invalid in C99 "
        "[-Wimplicit-function-declaration]\n"
        "unsafe.c:7: warning: no column here\n"
        "1 warning generated.\n";
    rk_strlist w = RK_STRLIST_INIT;
    rk_warnings_parse(log, &w);
    RK_EXPECT_INT(w.n, 3);
    RK_EXPECT_STR(w.n > 0 ? w.items[0] : "", "unsafe.c:10:111: implicit declaration of function 'usleep' is invalid "
                                           "in C99 [-Wimplicit-function-declaration]");
    RK_EXPECT_STR(w.n > 1 ? w.items[1] : "", "unsafe.c:12:5: unused variable 'x' [-Wunused-variable]");
    RK_EXPECT_STR(w.n > 2 ? w.items[2] : "", "unsafe.c:7: no column here");
    rk_sl_free(&w);
    rk_warnings_parse("", &w);
    RK_EXPECT_INT(w.n, 0);
}

/* The trace of clang 14 (static TSan runtime) and gcc 12 (libtsan.so). */
static const char clang_trace[] =
    "/usr/bin/ld: /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.tsan-x86_64.a"
    "(tsan_interceptors_posix.cpp.o): definition of clone\n"
    "/usr/bin/ld: /work/build/cache/tmp/77/unsafe-0e2974.o: reference to thrd_create\n"
    "/usr/bin/ld: /work/build/cache/tmp/77/unsafe-0e2974.o: reference to mtx_lock\n"
    "/usr/bin/ld: /work/build/cache/hooks/hook-1234.o: reference to sigset\n"
    "/usr/bin/ld: /work/build/cache/tmp/77/unsafe-0e2974.o: reference to __sysv_signal\n"
    "/usr/bin/ld: /lib/x86_64-linux-gnu/libc.so.6: definition of thrd_create\n"
    "/usr/bin/ld: /lib/x86_64-linux-gnu/libc.so.6: definition of __sysv_signal\n"
    "/usr/bin/ld: /lib/x86_64-linux-gnu/libc.so.6: definition of mtx_lock\n"
    "/usr/bin/ld: /lib/x86_64-linux-gnu/libc.so.6: definition of sigset\n";

static const char source[] =
    "#include <threads.h>\n"
    "// thrd_create( in a comment is no call; /* mtx_lock( */ neither\n"
    "static int work(void *a) { mtx_lock(&m); return 0; }\n"
    "int main(void) {\n"
    "    signal(SIGUSR1, h); thrd_create (&t, work, 0); }\n";

static void test_unseen_tsan(void)
{
    rk_strbuf log = RK_STRBUF_INIT;
    rk_sb_puts(&log, "unsafe.c:3:1: warning: something\n");
    rk_sb_puts(&log, clang_trace);
    rk_unseen u;
    rk_unseen_scan(&log, rk_detector_find("tsan"), source, &u);
    /* The trace leaves the messages; the warning stays. */
    RK_EXPECT_STR(rk_sb_cstr(&log), "unsafe.c:3:1: warning: something\n");
    RK_EXPECT_INT(u.n, 3); /* thrd_create, mtx_lock, __sysv_signal; not the hook's sigset */
    RK_EXPECT_STR(u.n > 0 ? u.calls[0].call : "", "thrd_create");
    RK_EXPECT_INT(u.n > 0 ? u.calls[0].line : -1, 5);
    RK_EXPECT_STR(u.n > 1 ? u.calls[1].call : "", "mtx_lock");
    RK_EXPECT_INT(u.n > 1 ? u.calls[1].line : -1, 3);
    RK_EXPECT_STR(u.n > 2 ? u.calls[2].call : "", "__sysv_signal");
    char *why = rk_unseen_reason(&u, "clang 14's ThreadSanitizer", "unsafe.c");
    static const char want[] = "unsafe.c calls mtx_lock (unsafe.c:3), signal (as __sysv_signal, unsafe.c:5) and thrd_create (unsafe.c:5), "
                               "which clang 14's ThreadSanitizer does not intercept";
    RK_EXPECT(why && strncmp(why, want, sizeof want - 1) == 0);
    RK_EXPECT(why && strstr(why, "use pthread_mutex_lock, sigaction (or signal() without -std=c11/-D_POSIX_C_SOURCE) and pthread_create") != NULL);
    free(why);
    rk_sb_free(&log);

    /* An intercepted call (its definition comes from the TSan runtime) is
     * seen; clone never is, whoever defines it. */
    rk_sb_puts(&log, "/usr/bin/ld: /usr/lib/gcc/x86_64-linux-gnu/12/libtsan.so: definition of mtx_lock\n"
                     "/usr/bin/ld: /usr/lib/gcc/x86_64-linux-gnu/12/libtsan.so: definition of clone\n"
                     "/usr/bin/ld: /tmp/ccW2ZwgC.o: reference to mtx_lock\n"
                     "/usr/bin/ld: /tmp/ccW2ZwgC.o: reference to clone\n");
    rk_unseen_scan(&log, rk_detector_find("tsan-gcc"), NULL, &u);
    RK_EXPECT_INT(u.n, 1);
    RK_EXPECT_STR(u.n > 0 ? u.calls[0].call : "", "clone");
    RK_EXPECT_INT(u.n > 0 ? u.calls[0].line : -1, 0);
    RK_EXPECT_INT((int)log.len, 0);
    rk_sb_free(&log);
    RK_EXPECT(rk_unseen_reason(&(rk_unseen){ .n = 0 }, "x", "unsafe.c") == NULL);
}

/* Valgrind's tools redirect glibc's C11 calls to their pthread wrappers,
 * check no signal handler and follow clone: Helgrind sees everything here,
 * DRD misses the threads thrd_create starts. */
static void test_unseen_valgrind(void)
{
    rk_strbuf log = RK_STRBUF_INIT;
    rk_sb_puts(&log, clang_trace);
    rk_unseen u;
    rk_unseen_scan(&log, rk_detector_find("helgrind"), source, &u);
    RK_EXPECT_INT(u.n, 0);
    rk_sb_free(&log);
    rk_sb_puts(&log, clang_trace);
    rk_unseen_scan(&log, rk_detector_find("drd"), source, &u);
    RK_EXPECT_INT(u.n, 1);
    RK_EXPECT_STR(u.n > 0 ? u.calls[0].call : "", "thrd_create");
    rk_sb_free(&log);
}

static void test_runtime_name(void)
{
    char *s = rk_runtime_name(rk_detector_find("tsan"), "Debian clang version 14.0.6");
    RK_EXPECT_STR(s, "clang 14's ThreadSanitizer");
    free(s);
    s = rk_runtime_name(rk_detector_find("tsan-gcc"), "gcc (Debian 12.2.0-14+deb12u1) 12.2.0");
    RK_EXPECT_STR(s, "gcc 12's ThreadSanitizer");
    free(s);
    s = rk_runtime_name(rk_detector_find("drd"), NULL);
    RK_EXPECT_STR(s, "DRD");
    free(s);
}

int main(void)
{
    RK_RUN(test_warnings);
    RK_RUN(test_unseen_tsan);
    RK_RUN(test_unseen_valgrind);
    RK_RUN(test_runtime_name);
    return rk_test_done();
}
