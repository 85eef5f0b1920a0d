/* bounds.h - bounds on what one untrusted program may use at once: tasks
 * (processes and threads, so a fork bomb stops) and resident memory; and
 * who it runs as.
 *
 * RLIMIT_NPROC is no bound for root (the kernel does not enforce it for uid
 * 0, and CI runs as root), and RLIMIT_AS breaks ThreadSanitizer (it reserves
 * terabytes), so:
 * - as root, the program never runs as uid 0 (it could rewrite the
 *   compiler or another check's files): it runs as an unprivileged uid of
 *   its own (2000000000 + the harness's pid, so parallel checks never
 *   share a count). Its tasks are bounded by RLIMIT_NPROC on that uid
 *   (free per run), or by a pids cgroup of our own when asked for
 *   (RACEKIT_SANDBOX=cgroup), created below the harness's own cgroup so
 *   limits only get tighter (cgroup v2 where the pids controller is
 *   enabled for our children, else v1 under /sys/fs/cgroup/pids; a
 *   migration per run costs milliseconds: an RCU grace period). When that
 *   uid cannot reach the binary (the tree below a 0700 home), it runs a
 *   copy in a root-owned folder of /tmp instead (rk_sandbox_run_path):
 *   Valgrind and gcc's TSan open the binary by name;
 * - not root: RLIMIT_NPROC above the tasks the user already runs;
 * - memory: spawn.c watches the program's resident set and kills it above
 *   the bound.
 * Environment: RACEKIT_MAX_PROCS (default 256), RACEKIT_MAX_RSS_MB (default
 * 2048), RACEKIT_SANDBOX=cgroup or uid to force one bound (tests; a bound
 * that is not available falls back as above; RLIMIT_NPROC alone never for
 * root).
 *
 *     rk_sandbox sb;
 *     rk_sandbox_open(&sb, binary);
 *     ... o.sandbox = &sb; rk_spawn(&o, &run); ...
 *     rk_sandbox_close(&sb);
 */
#ifndef RK_BOUNDS_H
#define RK_BOUNDS_H

#include <sys/types.h>

enum { RK_SANDBOX_DEFAULT_PROCS = 256, RK_SANDBOX_DEFAULT_RSS_MB = 2048 };
/* The uid bound's uid is this + the harness's pid. */
#define RK_SANDBOX_UID_BASE 2000000000L

typedef enum {
    RK_BOUND_CGROUP, /* a pids cgroup: exact, every descendant counted */
    RK_BOUND_UID,    /* root: RLIMIT_NPROC on the program's own uid */
    RK_BOUND_RLIMIT, /* not root: RLIMIT_NPROC above the user's count */
} rk_bound;

enum { RK_SANDBOX_MAX_PROTECTED = 8, RK_SANDBOX_PATH_MAX = 4096 };

typedef struct rk_sandbox {
    rk_bound bound;
    int max_procs;        /* tasks at once */
    long max_rss_kb;      /* resident memory of the program's process */
    char cgroup[256];     /* RK_BOUND_CGROUP: the cgroup directory */
    int drop_uid;         /* root: the program runs as `uid`, never as 0 */
    uid_t uid;            /* drop_uid: the program's uid and gid */
    long nproc;           /* RK_BOUND_UID, RK_BOUND_RLIMIT: RLIMIT_NPROC */
    long limit_events;    /* pids.events "max" before the current run */
    /* Folders the program may read but never change (rk_sandbox_protect). */
    char protected_dirs[RK_SANDBOX_MAX_PROTECTED][RK_SANDBOX_PATH_MAX];
    int n_protected;
    /* drop_uid, the binary out of the uid's reach: `program`'s copy. */
    char program[RK_SANDBOX_PATH_MAX];
    char staged[RK_SANDBOX_PATH_MAX];
} rk_sandbox;

/* rk_sandbox_open - choose the bounds for running `program` (see above)
 * and create the cgroup if one is used; cgroups left by a harness that was
 * killed are removed. Never fails: a way that works is taken. Release with
 * rk_sandbox_close. */
void rk_sandbox_open(rk_sandbox *s, const char *program);

/* rk_sandbox_protect - the program run in this sandbox may read `dir` but
 * not write, create, remove or rename anything below it (the harness's
 * results, compile cache and hook objects, the case's sources). Done in
 * the child by a mount namespace of its own where `dir` is bound
 * read-only: as root directly (the program, run as the sandbox's uid,
 * holds no capability to remount), as another user inside
 * a user namespace that maps only their own uid (the program then runs
 * without capabilities). Files opened before the run stay writable through
 * their descriptors (the records file). Returns 0, or -1 when `dir` does
 * not exist or the table is full. */
int rk_sandbox_protect(rk_sandbox *s, const char *dir);

/* rk_sandbox_protect_check - not root: try the protection once in a child;
 * when this kernel refuses it (unprivileged user namespaces disabled or
 * restricted), protect nothing rather than fail every run. Returns 0 when
 * the protected folders will be read-only for the program, -1 when not. */
int rk_sandbox_protect_check(rk_sandbox *s);

/* rk_sandbox_stage - as root, when the sandbox uid cannot reach
 * `program` (a folder above it it may not enter): copy it to a new folder
 * /tmp/racekit-stage-<pid>-XXXXXX, owned by root (0711, the copy 0555), so
 * the uid can run and read it and change nothing there. Stage folders of
 * harnesses that are gone are removed first. Returns 0, or -1 with nothing
 * left. Internal to the sandbox (rk_sandbox_open calls it). */
int rk_sandbox_stage(rk_sandbox *s, const char *program);

/* rk_sandbox_run_path - the path to run for `path`: the staged copy when
 * `path` is the staged program, else `path` itself (s may be NULL). */
const char *rk_sandbox_run_path(const rk_sandbox *s, const char *path);

/* rk_sandbox_unstage - remove the staged copy and its folder, if any.
 * Async-signal-safe; safe to call twice. */
void rk_sandbox_unstage(rk_sandbox *s);

/* rk_sandbox_protect_enter - in the child between fork and exec, before
 * rk_sandbox_enter: make the protected folders read-only (see above).
 * Async-signal-safe. Returns 0 (also when nothing is protected), or -1
 * with errno set when the namespace or a mount could not be made. */
int rk_sandbox_protect_enter(const rk_sandbox *s);

/* rk_sandbox_describe - "pids cgroup /sys/fs/cgroup/pids/racekit-12 (max
 * 256 tasks)" and the like, for messages and docs (static storage). */
const char *rk_sandbox_describe(const rk_sandbox *s);

/* rk_sandbox_arm - before a run (in the harness): allow max_procs tasks
 * again and remember the limit counter. */
void rk_sandbox_arm(rk_sandbox *s);

/* rk_sandbox_enter - in the child between fork and exec: join the cgroup or
 * set RLIMIT_NPROC, then (root) take the sandbox's uid and gid. Async-signal-safe. Returns 0, or -1 with
 * errno set (the child must not run unbounded: it reports and exits). */
int rk_sandbox_enter(const rk_sandbox *s);

/* rk_sandbox_freeze - no new task may start in the cgroup (pids.max = 0),
 * so a fork bomb cannot outrun the kill that follows. Async-signal-safe;
 * nothing to do for the other bounds (their processes are killed by pid). */
void rk_sandbox_freeze(const rk_sandbox *s);

/* rk_sandbox_hit - 1 when a fork or thread start was refused by the bound
 * since rk_sandbox_arm (known for cgroups only; else 0). */
int rk_sandbox_hit(const rk_sandbox *s);

/* rk_sandbox_close - remove the cgroup (its processes must be gone) and
 * the staged copy.
 * Async-signal-safe; safe to call twice. */
void rk_sandbox_close(rk_sandbox *s);

/* rk_sandbox_current - the sandbox opened and not yet closed, or NULL: what
 * an interrupted harness must freeze and remove. Async-signal-safe. */
rk_sandbox *rk_sandbox_current(void);

/* rk_sandbox_last - the sandbox open now, else a copy of the last one
 * closed (its bound and read-only folders), else NULL: whose programs may
 * have left files behind for the tools run after them (tool.h). Not
 * async-signal-safe. */
const rk_sandbox *rk_sandbox_last(void);

#endif
