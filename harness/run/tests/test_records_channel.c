/* test_records_channel.c - the records channel: a real socket pair, the
 * key on every line, and each way a program could forge, hide or remove a
 * record (a line without the key, an empty line, a gap in a process's
 * report numbers, a bye that counts more blocks than are there, records
 * after the bye, a second hello or image of the first process). */
#define _GNU_SOURCE
#include "run/records_channel.h"
#include "tests/rk_test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static const char KEY[] = "0123456789abcdef0123456789abcdef";

/* Verify `text` (lines with "@" standing for "\t" KEY) into *v. */
static void verify(const char *text, rk_channel_view *v)
{
    char buf[4096];
    size_t n = 0;
    for (const char *p = text; *p && n < sizeof buf - 40; p++) {
        if (*p == '@')
            n += (size_t)snprintf(buf + n, sizeof buf - n, "\t%s", KEY);
        else
            buf[n++] = *p;
    }
    *v = (rk_channel_view)RK_CHANNEL_VIEW_INIT;
    rk_channel_verify(buf, n, KEY, v);
}

static void test_good_stream(void)
{
    rk_channel_view v;
    verify("hello\t7@\nreport\tdata-race\t7\t1@\nmop\t1\t1\t0\t4@\nend@\n"
           "invariant\tunsafe.c\t9\tcounter is 1@\nbye\t7\t1@\n", &v);
    RK_EXPECT(v.forged == NULL);
    RK_EXPECT(v.hello && v.bye);
    RK_EXPECT_STR(v.records.buf, "hello\t7\nreport\tdata-race\t7\t1\nmop\t1\t1\t0\t4\nend\n"
                                 "invariant\tunsafe.c\t9\tcounter is 1\nbye\t7\t1\n");
    rk_channel_view_free(&v);
}

static void test_forged_lines(void)
{
    rk_channel_view v;
    verify("hello\t7@\nreport\tdata-race\t7\t1\nend\n", &v); /* no key */
    RK_EXPECT(v.forged && strstr(v.forged, "its line 2 was not written by racekit's hook"));
    RK_EXPECT_STR(v.records.buf, "hello\t7\n"); /* the unkeyed lines are dropped */
    rk_channel_view_free(&v);
    verify("hello\t7@\n\nbye\t7\t0@\n", &v); /* an empty line */
    RK_EXPECT(v.forged && strstr(v.forged, "line 2 "));
    rk_channel_view_free(&v);
    verify("hello\t7\t0123456789abcdef0123456789abcdee\n", &v); /* a wrong key */
    RK_EXPECT(v.forged != NULL && !v.hello);
    rk_channel_view_free(&v);
}

static void test_removed_reports(void)
{
    rk_channel_view v;
    verify("hello\t7@\nreport\tdata-race\t7\t2@\nend@\nbye\t7\t2@\n", &v);
    RK_EXPECT(v.forged && strstr(v.forged, "report 2 of process 7 follows report 0"));
    rk_channel_view_free(&v);
    verify("hello\t7@\nreport\tdata-race\t7\t1@\nend@\nbye\t7\t2@\n", &v);
    RK_EXPECT(v.forged && strstr(v.forged, "the runtime wrote 2 report(s) but it holds 1"));
    rk_channel_view_free(&v);
    /* A number past what the hook writes is forged, and does not overflow (the fuzzer's find). */
    verify("hello\t7@\nreport\tdata-race\t7\t9223372036854775807@\n"
           "report\tdata-race\t7\t9223372036854775807@\nbye\t7\t1@\n", &v);
    RK_EXPECT(v.forged != NULL);
    rk_channel_view_free(&v);
}

static void test_forked_child_and_no_bye(void)
{
    rk_channel_view v;
    /* A forked child numbers its own reports and says its own bye. */
    verify("hello\t7@\nreport\tdata-race\t7\t1@\nend@\nreport\tdata-race\t8\t1@\nend@\n"
           "bye\t8\t1@\nbye\t7\t1@\n", &v);
    RK_EXPECT(v.forged == NULL && v.bye);
    rk_channel_view_free(&v);
    /* Only the child's bye: the first process did not finish. */
    verify("hello\t7@\nbye\t8\t0@\n", &v);
    RK_EXPECT(v.forged == NULL && !v.bye);
    rk_channel_view_free(&v);
    /* A line cut by a kill is not a line, and not forged. */
    verify("hello\t7@\nreport\tdata-r", &v);
    RK_EXPECT(v.forged == NULL && !v.bye);
    RK_EXPECT_STR(v.records.buf, "hello\t7\n");
    rk_channel_view_free(&v);
}

/* A bye ends a process's records; a process says hello once; the first
 * process's second image (its hook's unkeyed exec line) is tampering, a
 * child's is not. */
static void test_after_bye_and_exec(void)
{
    rk_channel_view v;
    verify("hello\t7@\nbye\t7\t0@\nreport\tdata-race\t7\t1@\nend@\n", &v);
    RK_EXPECT(v.forged && strstr(v.forged, "process 7 wrote records after ThreadSanitizer's end-of-run step"));
    rk_channel_view_free(&v);
    verify("hello\t7@\nhello\t7@\nbye\t7\t0@\n", &v);
    RK_EXPECT(v.forged && strstr(v.forged, "process 7 started racekit's hook twice"));
    rk_channel_view_free(&v);
    verify("hello\t7@\nbye\t7\t0@\nexec\t7\n", &v);
    RK_EXPECT(v.forged && strstr(v.forged, "process 7 started a second program image (exec)"));
    rk_channel_view_free(&v);
    verify("hello\t7@\nexec\t8\nbye\t7\t0@\n", &v);
    RK_EXPECT(v.forged == NULL && v.bye);
    rk_channel_view_free(&v);
    verify("hello\t7@\noptions\ta=1 b=2\t\t@\nbye\t7\t0@\n", &v);
    RK_EXPECT(v.forged == NULL && v.options && strcmp(v.options, "a=1 b=2\t\t") == 0);
    rk_channel_view_free(&v);
}

/* The socket: what the child's end sends, only the harness's end receives,
 * one message at a time, each ended by a newline; there is no file behind
 * it to truncate, seek, limit or open again. */
static void test_channel_socket(void)
{
    rk_channel c;
    RK_EXPECT_INT(rk_channel_open(&c), 0);
    RK_EXPECT_INT((int)strlen(c.key), RK_CHANNEL_KEY_LEN);
    RK_EXPECT(strspn(c.key, "0123456789abcdef") == RK_CHANNEL_KEY_LEN);
    rk_channel other;
    RK_EXPECT_INT(rk_channel_open(&other), 0);
    RK_EXPECT(strcmp(c.key, other.key) != 0);
    rk_channel_close(&other);
    RK_EXPECT_INT((int)write(c.child_fd, "one\n", 4), 4);
    RK_EXPECT_INT((int)write(c.child_fd, "report\tpart", 11), 11); /* no newline */
    RK_EXPECT_INT((int)write(c.child_fd, "two\n", 4), 4);
    RK_EXPECT(ftruncate(c.child_fd, 0) < 0);
    RK_EXPECT(lseek(c.child_fd, 0, SEEK_SET) < 0 && errno == ESPIPE);
    char byte;
    RK_EXPECT(recv(c.child_fd, &byte, 1, MSG_DONTWAIT) == 0); /* the harness's end sends nothing, ever */
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", c.child_fd);
    RK_EXPECT(open(self, O_RDONLY) < 0 && errno == ENXIO);
    rk_channel_take(&c);
    RK_EXPECT_STR(rk_sb_cstr(&c.raw), "one\nreport\tpart\ntwo\n");
    rk_channel_take(&c); /* nothing more waits: it does not block */
    RK_EXPECT_INT((int)c.raw.len, 20);
    rk_channel_close(&c);
    RK_EXPECT(c.read_fd < 0 && c.child_fd < 0 && c.raw.len == 0);
}

int main(void)
{
    RK_RUN(test_good_stream);
    RK_RUN(test_forged_lines);
    RK_RUN(test_removed_reports);
    RK_RUN(test_forked_child_and_no_bye);
    RK_RUN(test_after_bye_and_exec);
    RK_RUN(test_channel_socket);
    return rk_test_done();
}
