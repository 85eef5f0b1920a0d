/* test_records_channel.c - the records channel: a real channel file, the
 * key on every line, and each way a program could forge, hide or remove a
 * record (a line without the key, an empty line, a gap in a process's
 * report numbers, a bye that counts more blocks than are there). */
#define _GNU_SOURCE
#include "run/records_channel.h"
#include "tests/rk_test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* The file: the child's descriptor appends and cannot read; the file
 * cannot be opened again for reading; the harness reads it all. */
static void test_channel_file(void)
{
    rk_channel c;
    char dir[] = "/tmp/rk-channel-XXXXXX";
    RK_EXPECT(mkdtemp(dir) != NULL);
    RK_EXPECT_INT(rk_channel_open(&c, dir), 0);
    RK_EXPECT_INT((int)strlen(c.key), RK_CHANNEL_KEY_LEN);
    RK_EXPECT(strspn(c.key, "0123456789abcdef") == RK_CHANNEL_KEY_LEN);
    rk_channel other;
    RK_EXPECT_INT(rk_channel_open(&other, NULL), 0);
    RK_EXPECT(strcmp(c.key, other.key) != 0);
    rk_channel_close(&other);
    RK_EXPECT_INT((int)write(c.child_fd, "one\n", 4), 4);
    lseek(c.child_fd, 0, SEEK_SET);
    RK_EXPECT_INT((int)write(c.child_fd, "two\n", 4), 4); /* appended, not over "one" */
    char byte;
    RK_EXPECT(read(c.child_fd, &byte, 1) < 0 && errno == EBADF);
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", c.child_fd);
    int again = open(self, O_RDONLY);
    if (geteuid() != 0) /* root reads any file: the sandbox drops that right */
        RK_EXPECT(again < 0 && errno == EACCES);
    if (again >= 0)
        close(again);
    rk_strbuf got = RK_STRBUF_INIT;
    RK_EXPECT_INT(rk_channel_read(&c, &got, 1 << 20), 0);
    RK_EXPECT_STR(rk_sb_cstr(&got), "one\ntwo\n");
    rk_sb_free(&got);
    rk_channel_close(&c);
    RK_EXPECT(rmdir(dir) == 0); /* nothing was left in the folder */
}

int main(void)
{
    RK_RUN(test_good_stream);
    RK_RUN(test_forged_lines);
    RK_RUN(test_removed_reports);
    RK_RUN(test_forked_child_and_no_bye);
    RK_RUN(test_channel_file);
    return rk_test_done();
}
