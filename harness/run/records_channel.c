/* records_channel.c - the tamper-evident records channel (see records_channel.h). */
#define _GNU_SOURCE
#include "records_channel.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

enum { MAX_PROCESSES = 64 };

/* Fill key with RK_CHANNEL_KEY_LEN hex digits from the kernel's generator. */
static int make_key(char *key)
{
    unsigned char raw[RK_CHANNEL_KEY_LEN / 2];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n < 0 && errno != EINTR)
            return -1;
        if (n > 0)
            got += (size_t)n;
    }
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(key + 2 * i, 3, "%02x", raw[i]);
    return 0;
}

int rk_channel_open(rk_channel *c, const char *dir)
{
    c->read_fd = c->child_fd = -1;
    if (make_key(c->key) < 0)
        return -1;
    /* Mode 0200: a program that finds the file under /proc/self/fd cannot
     * open it for reading (and so cannot learn the key from it). */
    c->read_fd = dir ? open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0200) : -1;
    if (c->read_fd < 0)
        c->read_fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0200);
    if (c->read_fd < 0)
        return -1;
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", c->read_fd);
    /* Append-only: the hook's earlier blocks cannot be overwritten by
     * seeking back, only followed by more lines (which must carry the key). */
    c->child_fd = open(self, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (c->child_fd < 0) {
        int saved = errno;
        close(c->read_fd);
        c->read_fd = -1;
        errno = saved;
        return -1;
    }
    return 0;
}

int rk_channel_read(const rk_channel *c, rk_strbuf *out, size_t cap)
{
    char buf[65536];
    size_t total = 0;
    ssize_t got = 0;
    if (lseek(c->read_fd, 0, SEEK_SET) < 0)
        return -1;
    while (total < cap && (got = read(c->read_fd, buf, sizeof buf)) > 0) {
        size_t take = (size_t)got < cap - total ? (size_t)got : cap - total;
        rk_sb_add(out, buf, take);
        total += take;
    }
    return got < 0 ? -1 : 0;
}

void rk_channel_close(rk_channel *c)
{
    if (c->child_fd >= 0)
        close(c->child_fd);
    if (c->read_fd >= 0)
        close(c->read_fd);
    c->read_fd = c->child_fd = -1;
}

/* The report blocks seen so far of each process. */
struct process {
    long pid, blocks;
};

struct tally {
    struct process p[MAX_PROCESSES];
    int n;
    long first_pid; /* the pid of the first hello, 0 before it */
};

static struct process *process_of(struct tally *t, long pid)
{
    for (int i = 0; i < t->n; i++)
        if (t->p[i].pid == pid)
            return &t->p[i];
    if (t->n == MAX_PROCESSES)
        return NULL;
    t->p[t->n] = (struct process){ pid, 0 };
    return &t->p[t->n++];
}

static void set_forged(rk_channel_view *v, char *why)
{
    if (v->forged == NULL)
        v->forged = why;
    else
        free(why);
}

/* Field `i` (0-based, tab-separated) of `line` as a number in [0, INT_MAX], or -1.
 * The hook writes pids and counts that fit an int; a bigger number is forged, and
 * capping it keeps the sequence arithmetic below from overflowing. */
static long field_number(const char *line, int i)
{
    const char *p = line;
    for (int k = 0; k < i && p; k++)
        if ((p = strchr(p, '\t')) != NULL)
            p++;
    if (p == NULL || *p < '0' || *p > '9')
        return -1;
    errno = 0;
    long n = strtol(p, NULL, 10);
    return errno == ERANGE || n > INT_MAX ? -1 : n;
}

/* Account for one keyed line (key removed, `n` bytes at `line`, NUL-ended). */
static void take_line(rk_channel_view *v, struct tally *t, const char *line)
{
    if (strncmp(line, "hello\t", 6) == 0) {
        v->hello = 1;
        if (t->first_pid == 0)
            t->first_pid = field_number(line, 1);
        return;
    }
    if (strncmp(line, "report\t", 7) == 0) {
        long pid = field_number(line, 2), seq = field_number(line, 3);
        struct process *p = process_of(t, pid);
        if (p == NULL)
            return;
        if (seq != p->blocks + 1)
            set_forged(v, rk_xasprintf("report %ld of process %ld follows report %ld: reports were "
                                       "removed from it", seq, pid, p->blocks));
        p->blocks = seq > p->blocks ? seq : p->blocks;
        return;
    }
    if (strncmp(line, "bye\t", 4) == 0) {
        long pid = field_number(line, 1), count = field_number(line, 2);
        struct process *p = process_of(t, pid);
        long seen = p ? p->blocks : 0;
        if (count != seen)
            set_forged(v, rk_xasprintf("the runtime wrote %ld report(s) but it holds %ld: reports "
                                       "were removed from it", count, seen));
        if (pid == t->first_pid)
            v->bye = 1;
    }
}

void rk_channel_verify(const char *raw, size_t len, const char *key, rk_channel_view *v)
{
    struct tally t;
    memset(&t, 0, sizeof t);
    size_t klen = strlen(key);
    int line_no = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(raw + at, '\n', len - at);
        if (nl == NULL)
            break; /* cut short by a kill: not a line */
        size_t n = (size_t)(nl - (raw + at));
        const char *line = raw + at;
        at += n + 1;
        line_no++;
        int keyed = n > klen && line[n - klen - 1] == '\t' && memcmp(line + n - klen, key, klen) == 0;
        if (!keyed || memchr(line, '\0', n) != NULL) {
            set_forged(v, rk_xasprintf("its line %d was not written by racekit's hook (the program "
                                       "wrote to it)", line_no));
            continue;
        }
        size_t body = n - klen - 1;
        size_t start = v->records.len;
        rk_sb_add(&v->records, line, body);
        take_line(v, &t, v->records.buf + start);
        rk_sb_putc(&v->records, '\n');
    }
}

void rk_channel_view_free(rk_channel_view *v)
{
    rk_sb_free(&v->records);
    free(v->forged);
    v->hello = v->bye = 0;
    v->forged = NULL;
}
