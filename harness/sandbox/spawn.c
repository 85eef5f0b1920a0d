/* spawn.c - run one untrusted program (see spawn.h). */
#define _GNU_SOURCE
#include "spawn.h"
#include "spawn_child.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
    MAX_ACTIVE = 4,      /* a program, and gdb looking at it */
    MAX_CHILDREN = 1024, /* killed per round of a sweep */
    RSS_CHECK_MS = 50,   /* how often the memory bound is checked */
};

/* The process groups being run, for an interrupted harness: a program, and
 * gdb while it records that program's stacks. */
static volatile pid_t active[MAX_ACTIVE];
static volatile sig_atomic_t n_active;

static const int guarded[] = { SIGINT, SIGTERM, SIGHUP };

static int is_active(pid_t pid)
{
    for (int i = 0; i < n_active; i++)
        if (active[i] == pid)
            return 1;
    return 0;
}

/* "<prefix><n><suffix>" into path (64 bytes). Async-signal-safe. */
static void proc_path(char *path, const char *prefix, long n, const char *suffix)
{
    char digits[24];
    int nd = 0;
    size_t len = strlen(prefix);
    memcpy(path, prefix, len);
    do {
        digits[nd++] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0 && nd < 20);
    while (nd > 0)
        path[len++] = digits[--nd];
    memcpy(path + len, suffix, strlen(suffix) + 1);
}

/* Parse the pids of /proc/self/task/<pid>/children (the harness is one
 * thread, so every child of ours is listed there) into kids. Returns how
 * many, or -1. Async-signal-safe: no stdio, no malloc. */
static int list_children(pid_t *kids, int max)
{
    char path[64];
    proc_path(path, "/proc/self/task/", getpid(), "/children");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[4096];
    ssize_t got;
    long cur = -1;
    int n = 0;
    while ((got = read(fd, buf, sizeof buf)) > 0 && n < max)
        for (ssize_t i = 0; i < got && n < max; i++) {
            if (buf[i] >= '0' && buf[i] <= '9') {
                cur = (cur < 0 ? 0 : cur * 10) + (buf[i] - '0');
            } else if (cur >= 0) {
                kids[n++] = (pid_t)cur;
                cur = -1;
            }
        }
    if (cur >= 0 && n < max)
        kids[n++] = (pid_t)cur;
    close(fd);
    return n;
}

/* Was `pid` one of the program's own processes, still running? Zombies
 * (they ended by themselves) and TSan's llvm-symbolizer (it ends on its own
 * when the program's pipe to it closes, an instant after the program) do
 * not count as left running. Async-signal-safe. */
static int left_running(pid_t pid)
{
    char path[64], exe[256];
    proc_path(path, "/proc/", pid, "/exe");
    ssize_t n = readlink(path, exe, sizeof exe - 1);
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    const char *base = strrchr(exe, '/');
    return strstr(base ? base : exe, "symbolizer") == NULL;
}

/* Kill and reap every child of the harness except running programs (with
 * keep_active). Killing a process re-parents its children to us (we are a
 * subreaper), so repeat until none is left. Returns how many of them had
 * been left running (see left_running). Async-signal-safe. */
static int sweep(int keep_active)
{
    int swept = 0;
    for (;;) {
        siginfo_t si;
        si.si_pid = 0;
        /* The common case, nothing left: one system call. */
        if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0 && errno == ECHILD)
            break;
        pid_t kids[MAX_CHILDREN];
        int n = list_children(kids, MAX_CHILDREN), found = 0;
        for (int i = 0; i < n; i++)
            if (!keep_active || !is_active(kids[i])) {
                swept += left_running(kids[i]);
                kill(kids[i], SIGKILL);
                kids[found++] = kids[i];
            }
        for (int i = 0; i < found; i++)
            while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
                ;
        if (found == 0)
            break;
    }
    return swept;
}

/* SIGINT/SIGTERM/SIGHUP: leave nothing behind, then exit. */
static void on_interrupt(int sig)
{
    rk_sandbox *sb = rk_sandbox_current();
    if (sb)
        rk_sandbox_freeze(sb);
    for (int i = 0; i < n_active; i++)
        kill(-active[i], SIGKILL);
    sweep(0);
    if (sb)
        rk_sandbox_close(sb);
    _exit(128 + sig);
}

/* Once per process: the interrupt handler (a signal the caller ignores,
 * e.g. under nohup, stays ignored) and the subreaper role. */
static void guard_signals(void)
{
    static int done;
    if (done)
        return;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof guarded / sizeof guarded[0]; i++)
        if (sigaction(guarded[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(guarded[i], &sa, NULL);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    done = 1;
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

struct streams {
    int fds[2];
    rk_strbuf *keep[2];
    size_t *total[2];
    size_t cap;
};

/* Read whatever is ready on the streams in `p` (from poll). */
static void take_ready(struct streams *s, const struct pollfd *p, int n)
{
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
        struct pollfd p[3];
        int n = 0;
        for (int i = 0; i < 2; i++)
            if (s->fds[i] >= 0)
                p[n++] = (struct pollfd){ s->fds[i], POLLIN, 0 };
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

/* After the program and its descendants are dead, read what is left in the
 * pipes (bounded: a writer we could not kill must not hang the harness). */
static void drain_rest(struct streams *s)
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

static void reap(pid_t pid, rk_run *r)
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

/* Read the exec-error pipe: 0 when exec succeeded, else why it did not. */
static int exec_failed(int errpipe, const rk_spawn_opts *o, rk_run *r)
{
    struct exec_error e = { 0, 0 };
    ssize_t n;
    while ((n = read(errpipe, &e, sizeof e)) < 0 && errno == EINTR)
        ;
    close(errpipe);
    if (n != (ssize_t)sizeof e)
        return 0;
    r->end = RK_END_SPAWN_ERROR;
    if (e.sandbox)
        r->error = rk_xasprintf("cannot run %s inside the sandbox (%s): %s", o->argv[0],
                                rk_sandbox_describe(o->sandbox), strerror(e.err));
    else
        r->error = rk_xasprintf("cannot run %s: %s", o->argv[0], strerror(e.err));
    return 1;
}

/* Watch the started program until it ends or must be stopped. */
static void watch(const rk_spawn_opts *o, pid_t pid, struct streams *s, double start, rk_run *r)
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

/* Kill what is left of the run: its group, then every orphan. */
static void stop(const rk_spawn_opts *o, pid_t pid, struct streams *s, rk_run *r)
{
    if (o->sandbox)
        rk_sandbox_freeze(o->sandbox);
    /* The leader is a zombie or still running: its group id cannot be
     * reused yet, so this kills exactly what it left in its group. */
    kill(-pid, SIGKILL);
    reap(pid, r);
    n_active--;
    r->orphans = sweep(1);
    drain_rest(s);
    if (o->sandbox && r->limit == RK_LIMIT_NONE && rk_sandbox_hit(o->sandbox)) {
        r->limit = RK_LIMIT_TASKS;
        r->limit_amount = o->sandbox->max_procs;
    }
}

static int open_pipes(int out[2], int err[2], int ep[2])
{
    if (pipe2(out, O_CLOEXEC) < 0)
        return -1;
    if (pipe2(err, O_CLOEXEC) < 0) {
        close(out[0]), close(out[1]);
        return -1;
    }
    if (pipe2(ep, O_CLOEXEC) < 0) {
        close(out[0]), close(out[1]), close(err[0]), close(err[1]);
        return -1;
    }
    return 0;
}

int rk_spawn(const rk_spawn_opts *o, rk_run *r)
{
    int out[2], err[2], ep[2];
    memset(r, 0, sizeof *r);
    if (n_active >= MAX_ACTIVE) {
        errno = EBUSY;
        return -1;
    }
    if (open_pipes(out, err, ep) < 0)
        return -1;
    guard_signals();
    if (o->sandbox)
        rk_sandbox_arm(o->sandbox);
    /* No interrupt between fork and the child being on the active list. */
    sigset_t block, old;
    sigemptyset(&block);
    for (size_t i = 0; i < sizeof guarded / sizeof guarded[0]; i++)
        sigaddset(&block, guarded[i]);
    sigprocmask(SIG_BLOCK, &block, &old);
    fflush(NULL); /* or buffered output would be printed twice */
    double start = rk_now();
    pid_t pid = fork();
    if (pid == 0)
        rk_spawn_child(o, out[1], err[1], ep[1], &old);
    int saved = errno;
    if (pid > 0) {
        setpgid(pid, pid); /* both sides set it: no window where it is unset */
        active[n_active++] = pid;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(out[1]), close(err[1]), close(ep[1]);
    if (pid < 0) {
        close(out[0]), close(err[0]), close(ep[0]);
        errno = saved;
        return -1;
    }
    struct streams s = { { out[0], err[0] }, { &r->out, &r->err },
                         { &r->out_total, &r->err_total }, o->capture_cap };
    if (!exec_failed(ep[0], o, r))
        watch(o, pid, &s, start, r);
    stop(o, pid, &s, r);
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

/* How the program ended, without the notes. */
static char *describe_end(const rk_run *r)
{
    const char *abbrev = r->end == RK_END_SIGNAL ? sigabbrev_np(r->status) : NULL;
    switch (r->end) {
    case RK_END_EXIT:
        return rk_xasprintf("exited with status %d", r->status);
    case RK_END_SIGNAL:
        if (r->limit == RK_LIMIT_MEMORY)
            return rk_xasprintf("killed by the harness (SIGKILL) for using more than %ld MiB of memory "
                                "(the sandbox's bound, RACEKIT_MAX_RSS_MB)", r->limit_amount);
        return rk_xasprintf("killed by signal SIG%s (%s)", abbrev ? abbrev : "?", strsignal(r->status));
    case RK_END_TIMEOUT:
        return rk_xasprintf("still running after %.1f s: timed out and killed", r->duration_s);
    case RK_END_SPAWN_ERROR:
        return rk_xstrdup(r->error ? r->error : "could not be started");
    }
    return rk_xstrdup("ended in an unknown way");
}

char *rk_end_describe(const rk_run *r)
{
    char *s = describe_end(r);
    if (r->limit == RK_LIMIT_TASKS) {
        char *t = rk_xasprintf("%s, after a fork or thread start was refused at the bound of %ld tasks "
                               "(RACEKIT_MAX_PROCS)", s, r->limit_amount);
        free(s);
        s = t;
    }
    return s;
}
