/* spawn.h - run one untrusted program: own process group, limits, captured
 * output, timeout, and every way it can end turned into a named end. */
#ifndef RK_SPAWN_H
#define RK_SPAWN_H

#include "strbuf.h"

#include <stddef.h>
#include <sys/types.h>

typedef enum {
    RK_END_EXIT,        /* exited; `status` is the exit status */
    RK_END_SIGNAL,      /* killed by a signal; `status` is its number */
    RK_END_TIMEOUT,     /* the timeout fired; the group was killed */
    RK_END_SPAWN_ERROR, /* could not be started; `error` says why */
} rk_end;

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
} rk_spawn_opts;

#define RK_SPAWN_OPTS_INIT { NULL, NULL, 10.0, 1 << 20, -1, 0, NULL, NULL }

typedef struct {
    rk_end end;
    int status;            /* exit status or signal number */
    rk_strbuf out, err;    /* the first capture_cap bytes of each stream */
    size_t out_total, err_total; /* bytes the program wrote to each */
    double duration_s;
    long max_rss_kb;       /* peak resident memory of the program */
    char *error;           /* RK_END_SPAWN_ERROR: why (owned) */
} rk_run;

/* rk_spawn - start the program in its own process group with core dumps
 * off and CPU time and file size limited, drain both output streams while it
 * runs, and wait for it (at most timeout_s). When it ends, or the timeout
 * fires, every process left in its group is killed (SIGKILL), so nothing it
 * started survives. Returns 0 with *r filled (free with rk_run_free), or -1
 * when the harness itself failed (pipe, fork), errno set. If the harness gets
 * SIGINT or SIGTERM meanwhile, the group is killed and the harness exits
 * with 128 + the signal. */
int rk_spawn(const rk_spawn_opts *o, rk_run *r);

/* rk_run_free - release the buffers of *r. */
void rk_run_free(rk_run *r);

/* rk_end_describe - a sentence about how the run ended, e.g. "killed by
 * signal SIGSEGV (segmentation fault)"; the caller frees it. */
char *rk_end_describe(const rk_run *r);

#endif
