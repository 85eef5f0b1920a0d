/* syscall_filter.h - the system-call filter of a judged run (issue 19): a
 * seccomp filter the child installs just before exec, so it sees only the
 * calls of the program (and of TSan's runtime inside it), that hands the
 * calls a lesson never needs to the harness, which refuses them and says
 * which, or lets a signal through when it stays in the program's own tree.
 *
 * Handed to the harness (SECCOMP_RET_USER_NOTIF; it answers EPERM):
 *   - on the records channel (descriptor RK_CHANNEL_FD): close, dup2/dup3
 *     onto it, close_range over it, ftruncate, lseek, fchmod, fchown,
 *     ioctl, shutdown, setsockopt, and fcntl but F_GETFD/F_GETFL;
 *   - setrlimit and prlimit64 that set a limit, but the core-file size of
 *     the process itself (TSan's start-up sets it to 0, and dies when it
 *     cannot);
 *   - ptrace, process_vm_readv, process_vm_writev;
 *   - seccomp() asking for a listener of its own (a later filter's
 *     listener would take precedence over this one's);
 *   - kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo and
 *     pidfd_open naming a process: let through when it is the program or
 *     one of its descendants (orphans re-parented to the harness included),
 *     refused otherwise; kill(-1) (every process the uid may signal) always.
 * A call of another architecture (int 0x80, x32) kills the process: the
 * filter could not read its numbers.
 *
 * x86-64 only: elsewhere rk_filter_install does nothing and says so. */
#ifndef RK_SYSCALL_FILTER_H
#define RK_SYSCALL_FILTER_H

#include <sys/types.h>

/* rk_filter_install - in the child, just before exec: set no_new_privs,
 * install the filter with a listener and send the listener over the unix
 * socket `to_parent` (then close it here). `channel_fd` is the descriptor
 * the filter protects. Returns 0, or -1 with errno set. */
int rk_filter_install(int to_parent, int channel_fd);

/* rk_filter_receive - in the parent: the listener the child sent over
 * `from_child`, or -1 when it sent none (it failed before, or ended). */
int rk_filter_receive(int from_child);

/* What the filter saw of one run. */
typedef struct {
    int listener;  /* -1 once closed or when there is none */
    pid_t program; /* the program's first process */
    int refused;   /* calls refused */
    char *first;   /* owned: the first refused call, named, or NULL */
} rk_filter;

/* rk_filter_serve - answer every call waiting on f->listener without
 * blocking. Returns 0, or -1 once the listener is done (every process
 * under the filter has ended): stop polling it then. */
int rk_filter_serve(rk_filter *f);

#endif
