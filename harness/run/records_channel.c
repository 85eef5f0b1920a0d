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
#include <sys/socket.h>
#include <unistd.h>

enum { MAX_PROCESSES = 64, RK_CHANNEL_CAP = 4 << 20 };

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

int rk_channel_open(rk_channel *c)
{
    int sv[2];
    memset(c, 0, sizeof *c);
    c->read_fd = c->child_fd = -1;
    if (make_key(c->key) < 0)
        return -1;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return -1;
    c->read_fd = sv[0];
    c->child_fd = sv[1];
    /* Room for the hook's largest message (a report block with its keys),
     * and for many while the harness is busy elsewhere. */
    int size = 1 << 20;
    setsockopt(c->child_fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    setsockopt(c->read_fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    fcntl(c->read_fd, F_SETFL, O_NONBLOCK);
    /* Nothing goes from the harness to the program. */
    shutdown(c->read_fd, SHUT_WR);
    return 0;
}

void rk_channel_take(rk_channel *c)
{
    static char buf[1 << 20];
    if (c->read_fd < 0)
        return;
    for (;;) {
        ssize_t n = recv(c->read_fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        size_t len = (size_t)n;
        if (c->raw.len + len + 1 > RK_CHANNEL_CAP) {
            c->dropped += len;
            continue;
        }
        rk_sb_add(&c->raw, buf, len);
        if (buf[len - 1] != '\n') /* a message completes no line of the next */
            rk_sb_putc(&c->raw, '\n');
    }
}

void rk_channel_close(rk_channel *c)
{
    if (c->child_fd >= 0)
        close(c->child_fd);
    if (c->read_fd >= 0)
        close(c->read_fd);
    c->read_fd = c->child_fd = -1;
    rk_sb_free(&c->raw);
}

/* The report blocks seen so far of each process. */
struct process {
    long pid, blocks;
    int hellos, ended; /* hello lines seen; 1 after its bye */
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
    t->p[t->n] = (struct process){ pid, 0, 0, 0 };
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

/* Account for one keyed line (key removed, NUL-ended). */
static void take_line(rk_channel_view *v, struct tally *t, const char *line)
{
    long pid = -1;
    if (strncmp(line, "hello\t", 6) == 0 || strncmp(line, "bye\t", 4) == 0)
        pid = field_number(line, 1);
    else if (strncmp(line, "report\t", 7) == 0)
        pid = field_number(line, 2);
    struct process *p = pid >= 0 ? process_of(t, pid) : NULL;
    if (p && p->ended)
        set_forged(v, rk_xasprintf("process %ld wrote records after ThreadSanitizer's end-of-run step (its "
                                   "bye came before them)", pid));
    if (strncmp(line, "hello\t", 6) == 0) {
        v->hello = 1;
        if (t->first_pid == 0)
            t->first_pid = pid;
        if (p && ++p->hellos > 1)
            set_forged(v, rk_xasprintf("process %ld started racekit's hook twice (a second program "
                                       "image, started by exec before the hook could say so)", pid));
        return;
    }
    if (strncmp(line, "options\t", 8) == 0) {
        if (v->options == NULL)
            v->options = rk_xstrdup(line + 8);
        return;
    }
    if (strncmp(line, "report\t", 7) == 0) {
        long seq = field_number(line, 3);
        if (p == NULL)
            return;
        if (seq != p->blocks + 1)
            set_forged(v, rk_xasprintf("report %ld of process %ld follows report %ld: reports were "
                                       "removed from it", seq, pid, p->blocks));
        p->blocks = seq > p->blocks ? seq : p->blocks;
        return;
    }
    if (strncmp(line, "bye\t", 4) == 0) {
        long count = field_number(line, 2);
        long seen = p ? p->blocks : 0;
        if (count != seen)
            set_forged(v, rk_xasprintf("the runtime wrote %ld report(s) but it holds %ld: reports "
                                       "were removed from it", count, seen));
        if (p)
            p->ended = 1;
        if (pid == t->first_pid)
            v->bye = 1;
    }
}

/* The hook's "exec <pid>" line, which carries no key (the image that wrote
 * it never had one): a second program image in the first process is
 * tampering; in another process (a child that executed a program built
 * with the hook) it is let through. Returns 1 when `line` (n bytes) is one. */
static int exec_line(rk_channel_view *v, const struct tally *t, const char *line, size_t n)
{
    char text[40];
    if (n < 6 || n >= sizeof text || memcmp(line, "exec\t", 5) != 0)
        return 0;
    memcpy(text, line, n);
    text[n] = '\0';
    long pid = field_number(text, 1);
    if (pid < 0)
        return 0;
    if (pid == t->first_pid)
        set_forged(v, rk_xasprintf("process %ld started a second program image (exec), whose checks "
                                   "the harness does not see", pid));
    return 1;
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
        if (!keyed && exec_line(v, &t, line, n))
            continue;
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
    free(v->options);
    v->hello = v->bye = 0;
    v->forged = v->options = NULL;
}
