/* spawn_child.c - the child's side of rk_spawn (see spawn_child.h). */
#define _GNU_SOURCE
#include "spawn_child.h"
#include "syscall_filter.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <math.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { FILE_SIZE_LIMIT = 256 << 20 };

/* Core dumps off; CPU time and file size bounded. */
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

void rk_spawn_child(const rk_spawn_opts *o, int out, int err, int errpipe, int filter_sock, const sigset_t *mask)
{
    static const int reset[] = { SIGPIPE, SIGINT, SIGTERM, SIGHUP };
    setpgid(0, 0);
    for (size_t i = 0; i < sizeof reset / sizeof reset[0]; i++)
        signal(reset[i], SIG_DFL);
    sigprocmask(SIG_SETMASK, mask, NULL);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0)
        dup2(devnull, 0);
    dup2(out, 1);
    dup2(err, 2);
    /* Nothing the harness inherited (a make jobserver's pipe, say) reaches
     * the program: only its three streams and the descriptor passed on. */
    syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    if (o->pass_fd >= 0 && o->pass_fd_to >= 0 && o->pass_fd_to != o->pass_fd)
        dup2(o->pass_fd, o->pass_fd_to); /* the copy is open across exec, the original not */
    else if (o->pass_fd >= 0)
        fcntl(o->pass_fd, F_SETFD, 0);
    set_limits(o->timeout_s);
    /* Under Yama (ptrace_scope 1) only ancestors may attach: let the harness
     * and its children, gdb among them, record the stacks of a hang. */
    prctl(PR_SET_PTRACER, getppid());
    struct exec_error e = { 0, 0 };
    /* Opened before a change of uid: the sandbox uid may not be allowed to
     * walk the directories above the binary, only to execute it. */
    char *staged[RK_SPAWN_MAX_ARGS + 1], *const *argv = o->argv;
    if (o->sandbox && o->sandbox->staged[0]) { /* the binary's copy for its name (bounds.h) */
        size_t n = 0;
        for (; o->argv[n] && n < RK_SPAWN_MAX_ARGS; n++)
            staged[n] = (char *)rk_sandbox_run_path(o->sandbox, o->argv[n]);
        staged[n] = NULL;
        argv = staged;
    }
    int exe = o->sandbox && o->sandbox->drop_uid ? open(argv[0], O_PATH | O_CLOEXEC) : -1;
    if (o->sandbox && (rk_sandbox_protect_enter(o->sandbox) < 0 || rk_sandbox_enter(o->sandbox) < 0)) {
        e.sandbox = 1;
    } else {
        if (o->no_aslr)
            personality(ADDR_NO_RANDOMIZE);
        /* Last before exec: the filter sees the program's calls only. */
        if (filter_sock >= 0 && rk_filter_install(filter_sock, o->pass_fd_to) < 0) {
            e.sandbox = 2;
            e.err = errno;
            if (write(errpipe, &e, sizeof e) < 0) {
                /* the parent sees EOF and status 127 */
            }
            _exit(127);
        }
        if (exe >= 0)
            fexecve(exe, argv, o->envp);
        /* fexecve of a "#!" script (e.g. Debian's /usr/bin/valgrind) fails
         * with ENOENT: its interpreter cannot open a close-on-exec fd. */
        if (exe < 0 || errno == ENOENT)
            execve(argv[0], argv, o->envp);
    }
    e.err = errno;
    if (write(errpipe, &e, sizeof e) < 0) {
        /* the parent will see EOF and an exit status of 127 */
    }
    _exit(127);
}

