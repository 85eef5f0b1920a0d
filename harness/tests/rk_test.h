/* rk_test.h - the smallest unit-test helper: checks that say what broke.
 *
 *     static void test_parse(void) { RK_EXPECT_STR(kind, "data-race"); }
 *     int main(void) { RK_RUN(test_parse); return rk_test_done(); }
 */
#ifndef RK_TEST_H
#define RK_TEST_H

#include <stdio.h>
#include <string.h>

static int rk_test_failures;
static const char *rk_test_current = "?";

/* RK_EXPECT(cond) - record a failure naming the test, file and line. */
#define RK_EXPECT(cond)                                                              \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "FAIL %s (%s:%d): %s\n", rk_test_current, __FILE__,      \
                    __LINE__, #cond);                                                \
            rk_test_failures++;                                                      \
        }                                                                            \
    } while (0)

/* RK_EXPECT_INT(got, want), RK_EXPECT_STR(got, want) - show both values. */
#define RK_EXPECT_INT(got, want)                                                     \
    do {                                                                             \
        long long g_ = (long long)(got), w_ = (long long)(want);                     \
        if (g_ != w_) {                                                              \
            fprintf(stderr, "FAIL %s (%s:%d): %s is %lld, want %lld\n",              \
                    rk_test_current, __FILE__, __LINE__, #got, g_, w_);              \
            rk_test_failures++;                                                      \
        }                                                                            \
    } while (0)

#define RK_EXPECT_STR(got, want)                                                     \
    do {                                                                             \
        const char *g_ = (got), *w_ = (want);                                        \
        if (g_ == NULL || strcmp(g_, w_) != 0) {                                     \
            fprintf(stderr, "FAIL %s (%s:%d): %s is \"%s\", want \"%s\"\n",          \
                    rk_test_current, __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_); \
            rk_test_failures++;                                                      \
        }                                                                            \
    } while (0)

/* RK_RUN(fn) - run one test function. */
#define RK_RUN(fn) (rk_test_current = #fn, fn())

/* rk_test_done - print a summary; the exit status for main. */
static inline int rk_test_done(void)
{
    if (rk_test_failures)
        fprintf(stderr, "%d check(s) failed\n", rk_test_failures);
    return rk_test_failures ? 1 : 0;
}

/* RK_DATA_DIR is set by CMake: the data/ folder beside the test. */
#ifndef RK_DATA_DIR
#define RK_DATA_DIR "."
#endif

#endif
