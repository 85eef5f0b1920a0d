/* spawn.h - run one untrusted program: own process group, limits, captured
 * output, timeout, and every way it can end turned into a named end. */
#ifndef RK_SPAWN_H
#define RK_SPAWN_H

#include "bounds.h"
#include "util/util.h"

#include <stddef.h>
#include <sys/types.h>

typedef enum {
    RK_END_EXIT,        /* exited; `status` is the exit status */
    RK_END_SIGNAL,      /* killed by a signal; `status` is its number */
    RK_END_TIMEOUT,     /* the timeout fired; the group was killed */
    RK_END_SPAWN_ERROR, /* could not be started; `error` says why */
} rk_end;

/* The most arguments of a command run from a staged copy (bounds.h). */
enum { RK_SPAWN_MAX_ARGS = 1024 };

typedef struct {
    char *const *argv;      /* argv[0] is the path of the program */
    char *const *envp;      /* the child's whole environment */
    double timeout_s;       /* wall-clock limit */
    size_t capture_cap;     /* bytes kept of each of stdout and stderr */
    int pass_fd;            /* a descriptor the child inherits as is, or -1 */
    int no_aslr;            /* run with ADDR_NO_RANDOMIZE (as setarch -R) */
    /* Called once when the timeout fires, before the kill, with the pid of
     * the still-running program (e.g. to record its threads' stacks). */
    void (*on_timeout)(pid_t pid, void *ctx);
    void *on_timeout_ctx;
    /* Task and memory bounds (bounds.h), or NULL for trusted programs
     * such as the compiler. */
    rk_sandbox *sandbox;
    /* The number pass_fd gets in the child, open across exec (a number the
     * program's own checks may know), or -1 to keep its own. */
    int pass_fd_to;
    /* A descriptor the harness reads while the program runs (the records
     * channel), or -1: on_watch(ctx) is called whenever it is readable, and
     * once more after every process of the run has ended. */
    int watch_fd;
    void (*on_watch)(void *ctx);
    void *on_watch_ctx;
    /* 1: run the program under the system-call filter (syscall_filter.h),
     * which protects pass_fd_to; refused calls are counted in rk_run. */
    int syscall_filter;
} rk_spawn_opts;

#define RK_SPAWN_OPTS_INIT { NULL, NULL, 10.0, 1 << 20, -1, 0, NULL, NULL, NULL, -1, -1, NULL, NULL, 0 }

/* A sandbox bound the program ran into. */
typedef enum {
    RK_LIMIT_NONE,
    RK_LIMIT_MEMORY, /* killed by the harness above sandbox->max_rss_kb */
    RK_LIMIT_TASKS,  /* a fork or thread start was refused at max_procs */
} rk_limit;

typedef struct {
    rk_end end;
    int status;            /* exit status or signal number */
    rk_strbuf out, err;    /* the first capture_cap bytes of each stream */
    size_t out_total, err_total; /* bytes the program wrote to each */
    double duration_s;
    long max_rss_kb;       /* peak resident memory of the program */
    char *error;           /* RK_END_SPAWN_ERROR: why (owned) */
    rk_limit limit;        /* the bound it hit, if any */
    long limit_amount;     /* that bound: MiB or tasks */
    int orphans;           /* processes that outlived it and were killed */
    int refused;           /* system calls the filter refused (syscall_filter.h) */
    char *refused_call;    /* owned: the first of them, in words, or NULL */
} rk_run;

/* rk_spawn - start the program in its own process group with core dumps
 * off and CPU time and file size limited (and inside o->sandbox), drain both
 * output streams while it runs, and wait for it (at most timeout_s). Output
 * past capture_cap is read and counted, not kept. When it ends, or the
 * timeout fires, or it outgrows the sandbox's memory bound, every process
 * left in its group is killed (SIGKILL); so is every process that left the
 * group (setsid) and outlived its parent: the harness is a child subreaper,
 * such orphans become its children and are killed and reaped until none is
 * left. Nothing the program started survives the call. Returns 0 with *r
 * filled (free with rk_run_free), or -1 when the harness itself failed
 * (pipe, fork), errno set.
 *
 * From the first call on, SIGINT, SIGTERM and SIGHUP make the harness kill
 * every program it is running and all their descendants, remove the open
 * sandbox and exit with 128 + the signal. Block those signals around work
 * that must not be cut (e.g. writing a result file). */
int rk_spawn(const rk_spawn_opts *o, rk_run *r);

/* rk_run_free - release the buffers of *r. */
void rk_run_free(rk_run *r);

/* rk_end_describe - a sentence about how the run ended, e.g. "killed by
 * signal SIGSEGV (segmentation fault)", naming a sandbox bound it hit; the
 * caller frees it. */
char *rk_end_describe(const rk_run *r);

#endif
