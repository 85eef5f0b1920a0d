/* spawn.c - run one untrusted program: start it, leave nothing behind (see spawn.h). */
#define _GNU_SOURCE
#include "spawn.h"
#include "spawn_child.h"
#include "spawn_wait.h"
#include "syscall_filter.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
    MAX_ACTIVE = 4,      /* a program, and gdb looking at it */
    MAX_CHILDREN = 1024, /* killed per round of a sweep */
};

/* The process groups being run, for an interrupted harness: a program, and
 * gdb while it records that program's stacks. */
static volatile pid_t active[MAX_ACTIVE];
static volatile sig_atomic_t n_active;

static const int guarded[] = { SIGINT, SIGTERM, SIGHUP };

/* 1 when `pid` leads one of the process groups being run. Async-signal-safe. */
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

/* Read the exec-error pipe (and close it): 0 when exec succeeded, else 1
 * with r->end = RK_END_SPAWN_ERROR and why it did not in r->error (owned
 * by *r). */
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
    if (e.sandbox == 2)
        r->error = rk_xasprintf("cannot install the system-call filter for %s: %s", o->argv[0], strerror(e.err));
    else if (e.sandbox)
        r->error = rk_xasprintf("cannot run %s inside the sandbox (%s): %s", o->argv[0],
                                rk_sandbox_describe(o->sandbox), strerror(e.err));
    else
        r->error = rk_xasprintf("cannot run %s: %s", o->argv[0], strerror(e.err));
    return 1;
}

/* Kill what is left of the run: its group, then every orphan; reap the
 * program into *r, take it off the active list, drain and close `s`, and
 * note in *r a refused fork or thread start. */
static void stop(const rk_spawn_opts *o, pid_t pid, struct streams *s, rk_run *r)
{
    if (o->sandbox)
        rk_sandbox_freeze(o->sandbox);
    /* The leader is a zombie or still running: its group id cannot be
     * reused yet, so this kills exactly what it left in its group. */
    kill(-pid, SIGKILL);
    rk_spawn_reap(pid, r);
    n_active--;
    r->orphans = sweep(1);
    rk_spawn_drain_rest(s);
    if (s->watch_fd >= 0) /* every writer is gone: what it sent is all there */
        s->on_watch(s->on_watch_ctx);
    if (o->sandbox && r->limit == RK_LIMIT_NONE && rk_sandbox_hit(o->sandbox)) {
        r->limit = RK_LIMIT_TASKS;
        r->limit_amount = o->sandbox->max_procs;
    }
}

/* The close-on-exec pipes for stdout, stderr and the exec error: 0, or -1
 * with errno set and none of them left open. */
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
    size_t n_args = 0;
    while (o->argv[n_args])
        n_args++;
    if (n_active >= MAX_ACTIVE || (o->sandbox && o->sandbox->staged[0] && n_args > RK_SPAWN_MAX_ARGS)) {
        errno = n_active >= MAX_ACTIVE ? EBUSY : E2BIG;
        return -1;
    }
    if (open_pipes(out, err, ep) < 0)
        return -1;
    int fs[2] = { -1, -1 }; /* the filter's listener comes back on it */
    if (o->syscall_filter && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fs) < 0) {
        int saved = errno;
        close(out[0]), close(out[1]), close(err[0]), close(err[1]), close(ep[0]), close(ep[1]);
        errno = saved;
        return -1;
    }
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
        rk_spawn_child(o, out[1], err[1], ep[1], fs[1], &old);
    int saved = errno;
    if (pid > 0) {
        setpgid(pid, pid); /* both sides set it: no window where it is unset */
        active[n_active++] = pid;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(out[1]), close(err[1]), close(ep[1]);
    if (fs[1] >= 0)
        close(fs[1]);
    if (pid < 0) {
        close(out[0]), close(err[0]), close(ep[0]);
        if (fs[0] >= 0)
            close(fs[0]);
        errno = saved;
        return -1;
    }
    /* The child sends the listener just before exec (or ends without). */
    rk_filter filter = { fs[0] >= 0 ? rk_filter_receive(fs[0]) : -1, pid, 0, NULL };
    if (fs[0] >= 0)
        close(fs[0]);
    struct streams s = { { out[0], err[0] }, { &r->out, &r->err },
                         { &r->out_total, &r->err_total }, o->capture_cap,
                         o->on_watch ? o->watch_fd : -1, o->on_watch && o->watch_fd >= 0, o->on_watch,
                         o->on_watch_ctx, &filter };
    if (!exec_failed(ep[0], o, r))
        rk_spawn_watch(o, pid, &s, start, r);
    stop(o, pid, &s, r);
    if (filter.listener >= 0)
        close(filter.listener);
    r->refused = filter.refused;
    r->refused_call = filter.first;
    r->duration_s = rk_now() - start;
    return 0;
}

void rk_run_free(rk_run *r)
{
    rk_sb_free(&r->out);
    rk_sb_free(&r->err);
    free(r->error);
    free(r->refused_call);
    memset(r, 0, sizeof *r);
}

