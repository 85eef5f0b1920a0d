/* syscall_filter.c - the system-call filter of a judged run (see
 * syscall_filter.h). Raw BPF through seccomp(2): the filter is a few
 * dozen instructions, and a library (libseccomp) would be one more build
 * and run-time dependency for the harness and every machine that runs it. */
#define _GNU_SOURCE
#include "syscall_filter.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

enum { MAX_INS = 160 };

struct prog {
    struct sock_filter ins[MAX_INS];
    int n;
};

static void emit(struct prog *p, struct sock_filter f)
{
    if (p->n < MAX_INS)
        p->ins[p->n++] = f;
}

#define LD(off) ((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off)))
#define RET(k) ((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (k)))
#define JMP(op, k, t, f) ((struct sock_filter)BPF_JUMP(BPF_JMP | (op) | BPF_K, (k), (t), (f)))
#define JEQ(k, t, f) JMP(BPF_JEQ, (k), (t), (f))
#define ARG_LO(i) ((unsigned)offsetof(struct seccomp_data, args) + 8u * (i))
#define ARG_HI(i) (ARG_LO(i) + 4u)
#define NOTIFY SECCOMP_RET_USER_NOTIF
#define ALLOW SECCOMP_RET_ALLOW

/* Append "if the call is `nr`, run `body` (which ends in a return)". */
static void rule(struct prog *p, int nr, const struct sock_filter *body, int n)
{
    emit(p, LD(offsetof(struct seccomp_data, nr)));
    emit(p, JEQ((unsigned)nr, 0, (unsigned char)n));
    for (int i = 0; i < n; i++)
        emit(p, body[i]);
}

/* The call is handed to the harness when its argument `arg` is `fd`. */
static void on_fd(struct prog *p, int nr, int arg, unsigned fd)
{
    struct sock_filter b[] = { LD(ARG_LO(arg)), JEQ(fd, 0, 1), RET(NOTIFY), RET(ALLOW) };
    rule(p, nr, b, 4);
}

static void build(struct prog *p, unsigned fd)
{
    p->n = 0;
    /* Another architecture's numbers mean other calls: kill. */
    emit(p, LD(offsetof(struct seccomp_data, arch)));
    emit(p, JEQ(AUDIT_ARCH_X86_64, 1, 0));
    emit(p, RET(SECCOMP_RET_KILL_PROCESS));
    emit(p, LD(offsetof(struct seccomp_data, nr)));
    emit(p, JMP(BPF_JGE, 0x40000000u, 0, 1)); /* x32 */
    emit(p, RET(SECCOMP_RET_KILL_PROCESS));

    static const int arg0_fd[] = { SYS_close, SYS_ftruncate, SYS_lseek, SYS_fchmod, SYS_fchown,
                                   SYS_ioctl, SYS_shutdown, SYS_setsockopt };
    for (size_t i = 0; i < sizeof arg0_fd / sizeof arg0_fd[0]; i++)
        on_fd(p, arg0_fd[i], 0, fd);
    on_fd(p, SYS_dup2, 1, fd);
    on_fd(p, SYS_dup3, 1, fd);
    struct sock_filter fcntl_b[] = { LD(ARG_LO(0)), JEQ(fd, 1, 0), RET(ALLOW), LD(ARG_LO(1)),
                                     JEQ(F_GETFD, 2, 0), JEQ(F_GETFL, 1, 0), RET(NOTIFY), RET(ALLOW) };
    rule(p, SYS_fcntl, fcntl_b, 8);
    struct sock_filter range_b[] = { LD(ARG_LO(0)), JMP(BPF_JGT, fd, 0, 1), RET(ALLOW),
                                     LD(ARG_LO(1)), JMP(BPF_JGE, fd, 0, 1), RET(NOTIFY),
                                     RET(ALLOW) };
    rule(p, SYS_close_range, range_b, 7);
    /* Limits: only the process's own core-file size may be set (TSan's
     * start-up sets it to 0); reading any is fine. */
    struct sock_filter setrlimit_b[] = { LD(ARG_LO(0)), JEQ(RLIMIT_CORE, 0, 1), RET(ALLOW), RET(NOTIFY) };
    rule(p, SYS_setrlimit, setrlimit_b, 4);
    struct sock_filter prlimit_b[] = { LD(ARG_LO(2)), JEQ(0, 0, 3), LD(ARG_HI(2)), JEQ(0, 0, 1), RET(ALLOW),
                                       LD(ARG_LO(0)), JEQ(0, 0, 3), LD(ARG_LO(1)), JEQ(RLIMIT_CORE, 0, 1),
                                       RET(ALLOW), RET(NOTIFY) };
    rule(p, SYS_prlimit64, prlimit_b, 11);
    struct sock_filter always[] = { RET(NOTIFY) };
    rule(p, SYS_ptrace, always, 1);
    rule(p, SYS_process_vm_readv, always, 1);
    rule(p, SYS_process_vm_writev, always, 1);
    struct sock_filter seccomp_b[] = { LD(ARG_LO(0)), JEQ(SECCOMP_SET_MODE_FILTER, 0, 3), LD(ARG_LO(1)),
                                       JMP(BPF_JSET, SECCOMP_FILTER_FLAG_NEW_LISTENER, 0, 1),
                                       RET(NOTIFY), RET(ALLOW) };
    rule(p, SYS_seccomp, seccomp_b, 6);
    /* Signals: the harness looks at whom they go to (0: the caller's own
     * process group). */
    static const int signals[] = { SYS_kill, SYS_tkill, SYS_tgkill, SYS_rt_sigqueueinfo,
                                   SYS_rt_tgsigqueueinfo, SYS_pidfd_open };
    struct sock_filter signal_b[] = { LD(ARG_LO(0)), JEQ(0, 0, 1), RET(ALLOW), RET(NOTIFY) };
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        rule(p, signals[i], signal_b, 4);
    emit(p, RET(ALLOW));
}

int rk_filter_install(int to_parent, int channel_fd)
{
    struct prog p;
    build(&p, (unsigned)channel_fd);
    struct sock_fprog fp = { (unsigned short)p.n, p.ins };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return -1;
    int listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &fp);
    if (listener < 0)
        return -1;
    char byte = 'L';
    struct iovec iov = { &byte, 1 };
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof u);
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &listener, sizeof listener);
    int rc = sendmsg(to_parent, &m, 0) == 1 ? 0 : -1;
    int saved = errno;
    close(listener);
    close(to_parent);
    errno = saved;
    return rc;
}

int rk_filter_receive(int from_child)
{
    char byte;
    struct iovec iov = { &byte, 1 };
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
    ssize_t n;
    while ((n = recvmsg(from_child, &m, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
        ;
    struct cmsghdr *c = n == 1 ? CMSG_FIRSTHDR(&m) : NULL;
    if (c == NULL || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
        return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

/* The thread group of `tid` (the process a thread belongs to), or -1. */
static pid_t tgid_of(pid_t tid)
{
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%ld/status", (long)tid);
    FILE *f = fopen(path, "re");
    pid_t tgid = -1;
    if (f == NULL)
        return -1;
    while (fgets(buf, sizeof buf, f))
        if (strncmp(buf, "Tgid:", 5) == 0)
            tgid = (pid_t)atol(buf + 5);
    fclose(f);
    return tgid;
}

/* The parent of process `pid`, or -1. */
static pid_t parent_of(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    const char *close_paren = strrchr(buf, ')');
    char state;
    long ppid;
    if (close_paren == NULL || sscanf(close_paren + 1, " %c %ld", &state, &ppid) != 2)
        return -1;
    return (pid_t)ppid;
}

/* 1 when the thread or process `id` is the program or one of its
 * descendants; an orphan re-parented to the harness (its subreaper) is one. */
static int in_tree(const rk_filter *f, pid_t id)
{
    pid_t p = tgid_of(id);
    if (p == getpid()) /* the harness itself is not the program's */
        return 0;
    for (int depth = 0; p > 1 && depth < 1024; depth++) {
        if (p == f->program || p == getpid())
            return 1;
        p = parent_of(p);
    }
    return 0;
}

/* Whom the signal call `nr` (arguments `a`) goes to is in the tree. */
static int signal_allowed(const rk_filter *f, int nr, const unsigned long long *a)
{
    int target = (int)a[0];
    if (nr == SYS_kill && target == -1)
        return 0;
    if (nr == SYS_kill && target < -1) /* a process group: its leader's */
        return -target == f->program || in_tree(f, -target);
    return target > 0 && in_tree(f, target);
}

static const char *call_name(int nr)
{
    switch (nr) {
    case SYS_close: return "close";
    case SYS_ftruncate: return "ftruncate";
    case SYS_lseek: return "lseek";
    case SYS_fchmod: return "fchmod";
    case SYS_fchown: return "fchown";
    case SYS_ioctl: return "ioctl";
    case SYS_shutdown: return "shutdown";
    case SYS_setsockopt: return "setsockopt";
    case SYS_dup2: return "dup2";
    case SYS_dup3: return "dup3";
    case SYS_fcntl: return "fcntl";
    case SYS_close_range: return "close_range";
    case SYS_setrlimit: return "setrlimit";
    case SYS_prlimit64: return "prlimit64";
    case SYS_ptrace: return "ptrace";
    case SYS_process_vm_readv: return "process_vm_readv";
    case SYS_process_vm_writev: return "process_vm_writev";
    case SYS_seccomp: return "seccomp";
    case SYS_kill: return "kill";
    case SYS_tkill: return "tkill";
    case SYS_tgkill: return "tgkill";
    case SYS_rt_sigqueueinfo: return "rt_sigqueueinfo";
    case SYS_rt_tgsigqueueinfo: return "rt_tgsigqueueinfo";
    case SYS_pidfd_open: return "pidfd_open";
    default: return "a system call";
    }
}

/* The refused call in words: its name, arguments and why it is refused. */
static char *describe(int nr, const unsigned long long *a)
{
    const char *name = call_name(nr);
    switch (nr) {
    case SYS_setrlimit:
    case SYS_prlimit64: {
        static const char *const names[] = { "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK",
                                             "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE",
                                             "RLIMIT_MEMLOCK", "RLIMIT_AS" };
        unsigned long long res = nr == SYS_setrlimit ? a[0] : a[1];
        const char *rn = res < sizeof names / sizeof names[0] ? names[res] : "a resource";
        if (nr == SYS_prlimit64 && (int)a[0] != 0)
            return rk_xasprintf("prlimit64 of %s for process %d (a program under test may not change limits)", rn,
                                (int)a[0]);
        return rk_xasprintf("%s of %s (setrlimit; a program under test may not change its limits)", name, rn);
    }
    case SYS_ptrace:
    case SYS_process_vm_readv:
    case SYS_process_vm_writev:
        return rk_xasprintf("%s of process %lld (a program under test may not trace or read another)", name,
                            (long long)(nr == SYS_ptrace ? (int)a[1] : (int)a[0]));
    case SYS_seccomp:
        return rk_xasprintf("seccomp with a listener of its own (it would take the harness's calls)");
    case SYS_kill:
    case SYS_tkill:
    case SYS_tgkill:
    case SYS_rt_sigqueueinfo:
    case SYS_rt_tgsigqueueinfo:
    case SYS_pidfd_open:
        return rk_xasprintf("%s of process %d, which is not the program's nor one of its children (a program "
                            "under test may signal only its own)", name, (int)a[0]);
    case SYS_dup2:
    case SYS_dup3:
        return rk_xasprintf("%s(%d, %d) onto the records channel (descriptor %d)", name, (int)a[0], (int)a[1],
                            (int)a[1]);
    case SYS_fcntl:
        return rk_xasprintf("fcntl(%d, %d) on the records channel", (int)a[0], (int)a[1]);
    case SYS_close_range:
        return rk_xasprintf("close_range(%u, %u) over the records channel", (unsigned)a[0], (unsigned)a[1]);
    default:
        return rk_xasprintf("%s(%d) on the records channel", name, (int)a[0]);
    }
}

int rk_filter_serve(rk_filter *f)
{
    if (f->listener < 0)
        return -1;
    for (;;) {
        struct pollfd p = { f->listener, POLLIN, 0 };
        if (poll(&p, 1, 0) <= 0)
            return 0;
        if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
            return -1;
        struct seccomp_notif req;
        struct seccomp_notif_resp resp;
        memset(&req, 0, sizeof req);
        if (ioctl(f->listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
            if (errno == EINTR || errno == ENOENT) /* the caller died meanwhile */
                continue;
            return -1;
        }
        memset(&resp, 0, sizeof resp);
        resp.id = req.id;
        const unsigned long long *a = (const unsigned long long *)req.data.args;
        int nr = req.data.nr;
        int is_signal = nr == SYS_kill || nr == SYS_tkill || nr == SYS_tgkill || nr == SYS_rt_sigqueueinfo ||
                        nr == SYS_rt_tgsigqueueinfo || nr == SYS_pidfd_open;
        if (is_signal && signal_allowed(f, nr, a)) {
            resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE; /* arguments are values: no race to mind */
        } else {
            resp.error = -EPERM;
            if (f->refused++ == 0)
                f->first = describe(nr, a);
        }
        ioctl(f->listener, SECCOMP_IOCTL_NOTIF_SEND, &resp); /* ENOENT: it died meanwhile */
    }
}

#else /* not x86-64 */

int rk_filter_install(int to_parent, int channel_fd)
{
    (void)channel_fd;
    close(to_parent);
    return 0;
}

int rk_filter_receive(int from_child)
{
    (void)from_child;
    return -1;
}

int rk_filter_serve(rk_filter *f)
{
    (void)f;
    return -1;
}

#endif
