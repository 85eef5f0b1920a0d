/* spawn.c - run one untrusted program (see spawn.h). */
#define _GNU_SOURCE
#include "spawn.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

enum { FILE_SIZE_LIMIT = 256 << 20 };

/* The group to kill if the harness is interrupted; 0 when none runs. */
static volatile sig_atomic_t active_group;

static void on_interrupt(int sig)
{
    if (active_group > 0)
        kill(-(pid_t)active_group, SIGKILL);
    _exit(128 + sig);
}

static void set_limits(double timeout_s)
{
    struct rlimit core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &core);
    /* A backstop only: the wall-clock timeout is what normally fires. Every
     * core may be busy, so allow several times the timeout in CPU seconds. */
    rlim_t cpu = (rlim_t)ceil(timeout_s) * 4 + 10;
    struct rlimit cpu_lim = { cpu, cpu + 5 };
    setrlimit(RLIMIT_CPU, &cpu_lim);
    struct rlimit fsize = { FILE_SIZE_LIMIT, FILE_SIZE_LIMIT };
    setrlimit(RLIMIT_FSIZE, &fsize);
    /* Never RLIMIT_AS: TSan reserves terabytes of address space. */
}

/* In the child: become a group leader, wire the pipes, exec. On failure the
 * errno goes to `errpipe` (close-on-exec: EOF there means exec worked). */
static void child(const rk_spawn_opts *o, int out, int err, int errpipe)
{
    setpgid(0, 0);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0)
        dup2(devnull, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (o->pass_fd >= 0)
        fcntl(o->pass_fd, F_SETFD, 0);
    set_limits(o->timeout_s);
    if (o->no_aslr)
        personality(ADDR_NO_RANDOMIZE);
    execve(o->argv[0], o->argv, o->envp);
    int e = errno;
    if (write(errpipe, &e, sizeof e) < 0) {
        /* the parent will see EOF and an exit status of 127 */
    }
    _exit(127);
}

/* Keep the first `cap` bytes of a stream, count the rest. */
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

struct streams {
    int fds[2];
    rk_strbuf *keep[2];
    size_t *total[2];
    size_t cap;
};

/* Drain both streams until `deadline` or until `pid` ends (then return 1).
 * Returns 0 when the deadline passed first. */
static int pump_until(struct streams *s, pid_t pid, int pidfd, double deadline)
{
    for (;;) {
        if (has_ended(pid))
            return 1;
        double left = deadline - rk_now();
        if (left <= 0)
            return 0;
        struct pollfd p[3];
        int n = 0;
        for (int i = 0; i < 2; i++)
            if (s->fds[i] >= 0)
                p[n++] = (struct pollfd){ s->fds[i], POLLIN, 0 };
        if (pidfd >= 0)
            p[n++] = (struct pollfd){ pidfd, POLLIN, 0 };
        /* Without a pidfd, wake up now and then to look for the exit. */
        int wait_ms = (int)(left * 1000) + 1;
        if (pidfd < 0 && wait_ms > 5)
            wait_ms = 5;
        if (poll(p, (nfds_t)n, wait_ms) < 0 && errno != EINTR)
            return 0;
        for (int i = 0; i < 2; i++) {
            if (s->fds[i] < 0)
                continue;
            for (int j = 0; j < n; j++)
                if (p[j].fd == s->fds[i] && (p[j].revents & (POLLIN | POLLHUP | POLLERR)))
                    if (!drain(s->fds[i], s->keep[i], s->total[i], s->cap)) {
                        close(s->fds[i]);
                        s->fds[i] = -1;
                    }
        }
    }
}

/* After the group is dead, read what is left in the pipes (bounded). */
static void drain_rest(struct streams *s)
{
    double stop = rk_now() + 2.0;
    while ((s->fds[0] >= 0 || s->fds[1] >= 0) && rk_now() < stop) {
        struct pollfd p[2];
        int n = 0;
        for (int i = 0; i < 2; i++)
            if (s->fds[i] >= 0)
                p[n++] = (struct pollfd){ s->fds[i], POLLIN, 0 };
        if (poll(p, (nfds_t)n, 100) <= 0)
            continue;
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < n; j++)
                if (s->fds[i] >= 0 && p[j].fd == s->fds[i] && p[j].revents)
                    if (!drain(s->fds[i], s->keep[i], s->total[i], s->cap)) {
                        close(s->fds[i]);
                        s->fds[i] = -1;
                    }
    }
    for (int i = 0; i < 2; i++)
        if (s->fds[i] >= 0)
            close(s->fds[i]);
}

static void reap(pid_t pid, rk_run *r)
{
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
        ;
    r->max_rss_kb = ru.ru_maxrss;
    if (r->end == RK_END_TIMEOUT)
        return;
    if (WIFSIGNALED(status)) {
        r->end = RK_END_SIGNAL;
        r->status = WTERMSIG(status);
    } else {
        r->end = RK_END_EXIT;
        r->status = WEXITSTATUS(status);
    }
}

/* Read the exec-error pipe: 0 when exec succeeded, else the child's errno. */
static int exec_errno(int errpipe)
{
    int e = 0;
    ssize_t n;
    while ((n = read(errpipe, &e, sizeof e)) < 0 && errno == EINTR)
        ;
    close(errpipe);
    return n == (ssize_t)sizeof e ? e : 0;
}

int rk_spawn(const rk_spawn_opts *o, rk_run *r)
{
    int out[2], err[2], ep[2];
    memset(r, 0, sizeof *r);
    if (pipe2(out, O_CLOEXEC) < 0)
        return -1;
    if (pipe2(err, O_CLOEXEC) < 0 || pipe2(ep, O_CLOEXEC) < 0) {
        close(out[0]), close(out[1]);
        return -1;
    }
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    fflush(NULL); /* or buffered output would be printed twice */
    double start = rk_now();
    pid_t pid = fork();
    if (pid == 0)
        child(o, out[1], err[1], ep[1]);
    close(out[1]), close(err[1]), close(ep[1]);
    if (pid < 0) {
        int saved = errno;
        close(out[0]), close(err[0]), close(ep[0]);
        errno = saved;
        return -1;
    }
    setpgid(pid, pid); /* both sides set it: no window where it is unset */
    active_group = pid;

    int e = exec_errno(ep[0]);
    if (e != 0) {
        r->end = RK_END_SPAWN_ERROR;
        r->error = rk_xasprintf("cannot run %s: %s", o->argv[0], strerror(e));
    }
    struct streams s = { { out[0], err[0] }, { &r->out, &r->err },
                         { &r->out_total, &r->err_total }, o->capture_cap };
    int pidfd = pidfd_for(pid);
    if (e == 0 && !pump_until(&s, pid, pidfd, start + o->timeout_s)) {
        r->end = RK_END_TIMEOUT;
        if (o->on_timeout)
            o->on_timeout(pid, o->on_timeout_ctx);
    }
    /* The leader is a zombie or still running: its group id cannot be
     * reused yet, so this kills exactly what it left behind. */
    kill(-pid, SIGKILL);
    drain_rest(&s);
    reap(pid, r);
    if (pidfd >= 0)
        close(pidfd);
    active_group = 0;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    r->duration_s = rk_now() - start;
    return 0;
}

void rk_run_free(rk_run *r)
{
    rk_sb_free(&r->out);
    rk_sb_free(&r->err);
    free(r->error);
    memset(r, 0, sizeof *r);
}

char *rk_end_describe(const rk_run *r)
{
    switch (r->end) {
    case RK_END_EXIT:
        return rk_xasprintf("exited with status %d", r->status);
    case RK_END_SIGNAL:
        return rk_xasprintf("killed by signal SIG%s (%s)", sigabbrev_np(r->status) ? sigabbrev_np(r->status) : "?",
                            strsignal(r->status));
    case RK_END_TIMEOUT:
        return rk_xasprintf("still running after %.1f s: timed out and killed", r->duration_s);
    case RK_END_SPAWN_ERROR:
        return rk_xstrdup(r->error ? r->error : "could not be started");
    }
    return rk_xstrdup("ended in an unknown way");
}
