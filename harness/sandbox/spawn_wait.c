/* spawn_wait.c - capture the output and wait for the program (see spawn_wait.h). */
#define _GNU_SOURCE
#include "spawn_wait.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

enum { RSS_CHECK_MS = 50 }; /* how often the memory bound is checked */

/* Keep the first `cap` bytes of a stream, count the rest. Returns 1 while
 * `fd` may give more (EINTR and EAGAIN included), 0 at EOF or on an error. */
static int drain(int fd, rk_strbuf *keep, size_t *total, size_t cap)
{
    char buf[65536];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 1 : 0;
    if (n == 0)
        return 0;
    if (*total < cap) {
        size_t room = cap - *total;
        rk_sb_add(keep, buf, (size_t)n < room ? (size_t)n : room);
    }
    *total += (size_t)n;
    return 1;
}

/* A pidfd for `pid` (readable when it ends), or -1 where the kernel or the
 * headers have none; the caller closes it. */
static int pidfd_for(pid_t pid)
{
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    return -1;
#endif
}

/* 1 when `pid` has ended (not yet reaped). */
static int has_ended(pid_t pid)
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
        return errno == ECHILD;
    return si.si_pid == pid;
}

/* Resident memory of `pid` in kB from its open /proc/<pid>/statm, or -1. */
static long resident_kb(int statm)
{
    char buf[128];
    ssize_t n = pread(statm, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    const char *second = strchr(buf, ' ');
    return second ? strtol(second + 1, NULL, 10) * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

/* Read whatever is ready on the streams in `p` (from poll), and answer
 * the filter's calls. */
static void take_ready(struct streams *s, const struct pollfd *p, int n)
{
    for (int j = 0; j < n && s->filter->listener >= 0; j++)
        if (p[j].fd == s->filter->listener && p[j].revents && rk_filter_serve(s->filter) < 0) {
            close(s->filter->listener); /* every process under it has ended */
            s->filter->listener = -1;
        }
    for (int j = 0; j < n && s->watching; j++)
        if (p[j].fd == s->watch_fd && p[j].revents) {
            s->on_watch(s->on_watch_ctx);
            /* A writer that shut its end down keeps the end readable:
             * polling it further would only spin. */
            if (p[j].revents & (POLLRDHUP | POLLHUP | POLLERR))
                s->watching = 0;
        }
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < n && s->fds[i] >= 0; j++)
            if (p[j].fd == s->fds[i] && (p[j].revents & (POLLIN | POLLHUP | POLLERR)))
                if (!drain(s->fds[i], s->keep[i], s->total[i], s->cap)) {
                    close(s->fds[i]);
                    s->fds[i] = -1;
                }
}

enum wait_end { ENDED, DEADLINE, MEMORY };

/* What the loop watches besides the streams. */
struct watch {
    pid_t pid;
    int pidfd;       /* readable when the program ends, or -1 */
    int statm;       /* /proc/<pid>/statm, or -1: no memory bound */
    long max_rss_kb;
    double deadline;
};

/* Drain both streams until the program ends, the deadline passes or it
 * outgrows the memory bound. Wakes up on output and on the pidfd; with a
 * memory bound also every RSS_CHECK_MS, and without a pidfd every 5 ms. */
static enum wait_end pump_until(struct streams *s, const struct watch *w)
{
    double next_rss = rk_now() + RSS_CHECK_MS / 1000.0;
    for (;;) {
        if (has_ended(w->pid))
            return ENDED;
        double now = rk_now(), left = w->deadline - now;
        if (left <= 0)
            return DEADLINE;
        if (w->statm >= 0 && now >= next_rss) {
            if (resident_kb(w->statm) > w->max_rss_kb)
                return MEMORY;
            next_rss = now + RSS_CHECK_MS / 1000.0;
        }
        struct pollfd p[5];
        int n = 0;
        for (int i = 0; i < 2; i++)
            if (s->fds[i] >= 0)
                p[n++] = (struct pollfd){ s->fds[i], POLLIN, 0 };
        if (s->watching)
            p[n++] = (struct pollfd){ s->watch_fd, POLLIN | POLLRDHUP, 0 };
        if (s->filter->listener >= 0)
            p[n++] = (struct pollfd){ s->filter->listener, POLLIN, 0 };
        if (w->pidfd >= 0)
            p[n++] = (struct pollfd){ w->pidfd, POLLIN, 0 };
        int wait_ms = (int)(left * 1000) + 1;
        if (w->pidfd < 0 && wait_ms > 5)
            wait_ms = 5;
        if (w->statm >= 0 && wait_ms > RSS_CHECK_MS)
            wait_ms = RSS_CHECK_MS;
        if (poll(p, (nfds_t)n, wait_ms) < 0 && errno != EINTR)
            return DEADLINE;
        take_ready(s, p, n);
    }
}

void rk_spawn_drain_rest(struct streams *s)
{
    double stop = rk_now() + 2.0;
    while ((s->fds[0] >= 0 || s->fds[1] >= 0) && rk_now() < stop) {
        struct pollfd p[2];
        int n = 0;
        for (int i = 0; i < 2; i++)
            if (s->fds[i] >= 0)
                p[n++] = (struct pollfd){ s->fds[i], POLLIN, 0 };
        if (poll(p, (nfds_t)n, 100) > 0)
            take_ready(s, p, n);
    }
    for (int i = 0; i < 2; i++)
        if (s->fds[i] >= 0)
            close(s->fds[i]);
}

void rk_spawn_reap(pid_t pid, rk_run *r)
{
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
        ;
    r->max_rss_kb = ru.ru_maxrss;
    if (r->end == RK_END_TIMEOUT || r->end == RK_END_SPAWN_ERROR)
        return;
    if (WIFSIGNALED(status)) {
        r->end = RK_END_SIGNAL;
        r->status = WTERMSIG(status);
    } else {
        r->end = RK_END_EXIT;
        r->status = WEXITSTATUS(status);
    }
}

void rk_spawn_watch(const rk_spawn_opts *o, pid_t pid, struct streams *s, double start, rk_run *r)
{
    struct watch w = { pid, pidfd_for(pid), -1, 0, start + o->timeout_s };
    if (o->sandbox && o->sandbox->max_rss_kb > 0) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%ld/statm", (long)pid);
        w.statm = open(path, O_RDONLY | O_CLOEXEC);
        w.max_rss_kb = o->sandbox->max_rss_kb;
    }
    enum wait_end end = pump_until(s, &w);
    if (end == DEADLINE) {
        r->end = RK_END_TIMEOUT;
        if (o->on_timeout)
            o->on_timeout(pid, o->on_timeout_ctx);
    } else if (end == MEMORY) {
        r->limit = RK_LIMIT_MEMORY;
        r->limit_amount = w.max_rss_kb / 1024;
    }
    if (w.pidfd >= 0)
        close(w.pidfd);
    if (w.statm >= 0)
        close(w.statm);
}
