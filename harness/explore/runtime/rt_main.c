/* rt_main.c - the runtime's entry (the linker's --wrap=main) and its
 * parent process. The program's process becomes a small server: for each
 * schedule it forks a child, which runs main() under that schedule, and it
 * watches the child (per-schedule timeout; a thread that stops reaching
 * steps is "stuck"), then writes what happened as records on the channel
 * (explore_proto.h). Children are copies of one process image, so every
 * schedule starts from the same state, and a schedule costs a fork, not an
 * exec. Without RACEKIT_SCHED_FD the program runs one schedule in place.
 * What the harness asks for is read by rt_config.c; what happened is
 * written by rt_records.c, what each schedule printed by rt_outputs.c. */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int __real_main(int argc, char **argv, char **envp);

enum { DEFAULT_K = 200, STOP_GRACE_MS = 500 };

static const char *const end_names[] = { "", RK_XEND_DEADLOCK, RK_XEND_LIVELOCK, RK_XEND_DIVERGED,
                                         RK_XEND_PAUSED, RK_XEND_LIMIT, RK_XEND_FOREIGN,
                                         RK_XEND_UNMODELLED };

/* ---- one schedule, in the child ---------------------------------------- */

static void start_schedule(int strategy, uint64_t seed, int depth, uint64_t k)
{
    rt.strategy = rt_cfg.mode == RT_MODE_REPLAY ? RT_FOLLOW : rt_cfg.mode == RT_MODE_STEP ? RT_CHOOSE : strategy;
    rt.trace = rt_cfg.trace;
    rt.max_steps = rt_cfg.max_steps;
    rt.follow = rt_cfg.follow, rt.n_follow = rt_cfg.n_follow;
    rt.choices = rt_cfg.choices, rt.n_choices = rt_cfg.n_choices;
    rk_pct_init(&rt.pct, seed, depth, k);
    rk_rng_seed(&rt.rng, seed ^ 0x5bd1e995u);
    rt_begin();
}

/* ---- the parent: run schedules, watch them, report ---------------------- */

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* The system call a thread sits in, or -1 when it runs in user space. */
static long syscall_of(pid_t pid, pid_t tid)
{
    char path[64], buf[128];
    snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    return buf[0] >= '0' && buf[0] <= '9' ? strtol(buf, NULL, 10) : -1;
}

/* Stop a schedule the watch gave up on, asking first what its threads
 * do: a slow one records them at its next step and exits, a stuck one on
 * a signal to the thread that holds the baton (a thread that blocks the
 * signal, or never steps again, is killed after STOP_GRACE_MS without). */
static void stop(pid_t pid, rt_shm *shm, int stuck, int *st)
{
    atomic_store(&shm->halt, 1);
    int32_t tid = atomic_load(&shm->running_tid);
    if (stuck && tid > 0)
        syscall(SYS_tgkill, (int)pid, (int)tid, rt_snapshot_signal());
    for (long until = now_ms() + STOP_GRACE_MS; now_ms() < until && !atomic_load(&shm->snapped);) {
        if (waitpid(pid, st, WNOHANG) == pid)
            return;
        usleep(2000);
    }
    kill(pid, SIGKILL);
    while (waitpid(pid, st, 0) < 0 && errno == EINTR)
        ;
}

struct outcome {
    const char *end;
    int status;
    char detail[600];
};

/* Wait for the child running one schedule; kill it when it is stuck or
 * out of time. */
static void watch(pid_t pid, rt_shm *shm, struct outcome *o)
{
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    long start = now_ms(), moved = start;
    uint64_t seen = 0;
    int st = 0;
    const char *killed = NULL;
    for (;;) {
        if (pidfd >= 0) {
            struct pollfd p = { pidfd, POLLIN, 0 };
            poll(&p, 1, 50);
        } else {
            usleep(1000);
        }
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        long t = now_ms();
        uint64_t steps = atomic_load(&shm->steps);
        if (steps != seen)
            seen = steps, moved = t;
        /* At the timeout: still stepping lately is slow (a busy machine,
         * a long program), not hung; a thread that has sat outside every
         * step for a while (half the stuck time, at most a second) is
         * stuck, even when the stuck time is the timeout itself. */
        long lately = rt_cfg.stuck_ms / 2 < 1000 ? rt_cfg.stuck_ms / 2 : 1000;
        if (t - moved >= rt_cfg.stuck_ms)
            killed = RK_XEND_STUCK;
        else if (t - start >= rt_cfg.timeout_ms)
            killed = t - moved < lately ? RK_XEND_SLOW : RK_XEND_STUCK;
        if (killed == NULL)
            continue;
        if (killed == RK_XEND_SLOW) {
            snprintf(o->detail, sizeof o->detail,
                     "the schedule was still making steps at its timeout of %.3g s (%" PRIu64
                     " steps): the machine is busy or the program long; give it more with --timeout",
                     (double)rt_cfg.timeout_ms / 1000, steps);
        } else {
            int32_t tid = atomic_load(&shm->running_tid);
            snprintf(o->detail, sizeof o->detail, "%d %ld %" PRIx64, (int)atomic_load(&shm->running_id),
                     tid > 0 ? syscall_of(pid, tid) : -1L, rt_elf_pc(atomic_load(&shm->running_pc)));
        }
        stop(pid, shm, killed == RK_XEND_STUCK, &st);
        break;
    }
    if (pidfd >= 0)
        close(pidfd);
    if (killed) {
        o->end = killed, o->status = 0;
    } else if (shm->end != RT_END_NONE) {
        o->end = end_names[shm->end], o->status = 0;
        snprintf(o->detail, sizeof o->detail, "%s", shm->detail);
    } else if (WIFSIGNALED(st)) {
        o->end = RK_XEND_SIGNAL, o->status = WTERMSIG(st);
    } else {
        o->end = RK_XEND_EXIT, o->status = WEXITSTATUS(st);
    }
}

static const char *strategy_name(int s)
{
    return s == RT_RANDOM    ? "random"
           : s == RT_SYNC    ? "sync"
           : s == RT_BOUNDED ? "bounded"
           : s == RT_RELEASE ? "release"
                             : "pct";
}

static void reset(rt_shm *shm)
{
    atomic_store(&shm->steps, 0);
    atomic_store(&shm->running_tid, 0);
    atomic_store(&shm->running_id, 0);
    atomic_store(&shm->running_pc, 0);
    shm->visible = 0;
    shm->end = RT_END_NONE;
    atomic_store(&shm->halt, 0);
    atomic_store(&shm->snapped, 0);
    shm->detail[0] = '\0';
    shm->n_runs = shm->n_trace = shm->trace_dropped = 0;
    shm->n_blocks = shm->n_thread_recs = 0;
    shm->n_cycle = shm->cycle_len = 0;
    shm->n_nodes = 0;
    shm->nodes_cut = shm->redundant = shm->learnt_new = shm->bounded_refused = 0;
}

/* Which strategy runs each schedule of a search. */
struct plan {
    rt_search search;
    int searched;          /* the bounded search ran */
    int search_done;
    uint64_t search_left;  /* schedules mix still gives it */
};

enum { MIX_WARMUP = 4 };

static void plan_init(struct plan *p)
{
    memset(p, 0, sizeof *p);
    p->search_left = rt_cfg.strategy == RT_BOUNDED ? UINT64_MAX : rt_cfg.schedules / 4;
    if (rt_cfg.mode == RT_MODE_EXPLORE && (rt_cfg.strategy == RT_BOUNDED || rt_cfg.strategy < 0))
        rt_search_init(&p->search, rt_cfg.bound);
    else
        p->search_done = 1;
}

/* The strategy of schedule i, or -1 when the search is over. mix: in each
 * four, PCT twice, the synchronisation walk or the release walk (in turn)
 * once, and once the bounded search - after the first four, which learn
 * where threads share memory (rt_shared.c), up to a quarter of the budget
 * or until every schedule within its bound ran; then that turn goes to the
 * release walk (the synchronisation walk in the first four: schedule 1
 * finds the lock-order deadlocks). Interleaved, the search does not hold
 * back the walks that find most bugs within a few schedules
 * (ci/published-bench.sh: the search run as one block of 250 took the
 * median of atomicity/bluetooth-stop from 12.5 to 48.5 schedules). The
 * random walk is left to --strategy random: the release walk found
 * order/twostage-100 and reorder-20 within 200 schedules on every seed
 * tried, where the random walk found the first once in 5,000. */
static int plan_next(struct plan *p, rt_shm *shm, uint64_t i)
{
    int bounded_only = rt_cfg.strategy == RT_BOUNDED;
    if (rt_cfg.strategy >= 0 && !bounded_only)
        return rt_cfg.strategy;
    int search_turn = bounded_only || (i >= MIX_WARMUP && i % 4 == 1);
    if (search_turn && !p->search_done && p->search_left > 0) {
        if (rt_search_next(&p->search, shm)) {
            p->searched = 1;
            p->search_left--;
            return RT_BOUNDED;
        }
        p->search_done = 1;
    }
    if (bounded_only)
        return -1;
    switch (i % 4) {
    case 0:
    case 2: return RT_PCT;
    case 1: return i < MIX_WARMUP ? RT_SYNC : RT_RELEASE;
    default: return (i / 4) % 2 ? RT_SYNC : RT_RELEASE;
    }
}

/* Run the schedules; returns only in a child, which then runs main. */
static void serve(rt_shm *shm)
{
    int memfd = (int)syscall(SYS_memfd_create, "racekit-records", 0);
    if (memfd < 0)
        rt_die("%s", "cannot create the records file");
    char fdtext[16];
    snprintf(fdtext, sizeof fdtext, "%d", memfd);
    setenv("RACEKIT_REPORT_FD", fdtext, 1);
    lseek(rt_cfg.fd, 0, SEEK_END);
    rt_out_printf("sched\t%d\t%s\t%s\t%" PRIu64 "\t%" PRIu64 "\t%d\n", RK_SCHED_PROTO_VERSION,
                  rt_cfg.mode == RT_MODE_EXPLORE ? "explore" : rt_cfg.mode == RT_MODE_REPLAY ? "replay" : "step",
                  rt_cfg.strategy_name, rt_cfg.seed, rt_cfg.schedules, rt_cfg.depth);
    rt_outputs_open();
    uint64_t k = 0, tried = 0, found = 0, t0 = now_us(), t_run = t0;
    int cycle_kept = 0;
    struct plan plan;
    plan_init(&plan);
    for (uint64_t i = 0; i < rt_cfg.schedules && !found; i++) {
        reset(shm);
        if (ftruncate(memfd, 0) < 0 || lseek(memfd, 0, SEEK_SET) < 0)
            rt_die("%s", "cannot reset the records file");
        uint64_t seed = rt_cfg.mode == RT_MODE_EXPLORE ? rk_seed_of(rt_cfg.seed, i) : rt_cfg.seed;
        int strategy = plan_next(&plan, shm, i);
        if (strategy < 0)
            break; /* --strategy bounded: every bound done */
        rt_out_flush();
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0)
            rt_die("%s", "cannot fork a schedule");
        if (pid == 0) {
            rt_snapshot_when_asked();
            rt_outputs_child();
            start_schedule(strategy, seed, rt_cfg.depth, k ? k : DEFAULT_K);
            return;
        }
        struct outcome o = { NULL, 0, "" };
        watch(pid, shm, &o);
        tried++;
        uint64_t steps = atomic_load(&shm->steps), t_end = now_us();
        rt_out_printf("done\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\n", i, steps, t_end - t_run);
        t_run = t_end;
        if (shm->visible > k) /* PCT's change points fall on steps where a switch can happen */
            k = shm->visible;
        if (strategy == RT_BOUNDED && shm->bounded_refused) {
            /* mix on a program of too many threads: no search, and this
             * schedule was a release walk from the choice that refused it */
            plan.search_done = 1;
            plan.searched = 0;
            strategy = RT_RELEASE;
        } else if (strategy == RT_BOUNDED) {
            rt_search_record(&plan.search, shm);
        } else if (shm->learnt_new && !plan.search_done) {
            rt_search_restart(&plan.search); /* a walk moved the choice points */
        }
        char probe[16];
        int checked = pread(memfd, probe, sizeof probe, 0) > 0;
        int failed = strcmp(o.end, RK_XEND_EXIT) != 0 || o.status != 0 || checked;
        /* A lock-order cycle alone does not end the search (a deadlock or a
         * broken invariant may yet come), but its first schedule is kept:
         * it is the verdict when nothing else fails. */
        int cycle_only = !failed && shm->n_cycle && !cycle_kept;
        cycle_kept |= cycle_only;
        if (!failed && !shm->redundant) /* a redundant schedule stopped half-way */
            rt_outputs_keep(i);
        if (failed || cycle_only || rt_cfg.mode != RT_MODE_EXPLORE) {
            found = failed;
            rt_out_printf("run\t%" PRIu64 "\t%" PRIu64 "\t%s\t%d\t%" PRIu64 "\t%s\t%d\t%s\n", i, seed,
                          rt_cfg.mode == RT_MODE_EXPLORE  ? strategy_name(strategy)
                          : rt_cfg.mode == RT_MODE_REPLAY ? "replay"
                                                          : "step",
                          rt_cfg.depth, steps, o.end, o.status, o.detail);
            rt_write_schedule(shm);
            rt_write_records(shm);
            rt_forward_records(memfd);
        }
    }
    if (plan.searched) {
        const rt_search *b = &plan.search;
        rt_out_printf("bounded\t%d\t%" PRIu64 "\t%d\t%d\t%" PRIu64 "\n", b->completed,
                      b->completed >= 0 ? b->count[b->completed] : 0, b->bound, b->cut, b->all);
    }
    rt_out_printf("summary\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\n", tried, found, now_us() - t0, k);
    rt_out_flush();
    _exit(0);
}

int __wrap_main(int argc, char **argv, char **envp)
{
    rt_load_config();
    rt_image_init();
    rt_shared_init();
    rt_shm *shm = mmap(NULL, sizeof *shm, PROT_READ | PROT_WRITE,
                       (rt_cfg.fd >= 0 ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (shm == MAP_FAILED)
        rt_die("%s", "cannot map the schedule's records");
    rt.shm = shm;
    if (rt_cfg.fd >= 0)
        serve(shm); /* returns in the child of each schedule */
    else
        start_schedule(rt_cfg.strategy >= 0 ? rt_cfg.strategy : RT_PCT, rt_cfg.seed, rt_cfg.depth, DEFAULT_K);
    int ret = __real_main(argc, argv, envp);
    rt_thread *self = rt_controlled();
    if (self)
        rt_step(self, RK_OP_EXIT, 0, 0, 0, 0); /* main returns: the process ends */
    exit(ret);
}
