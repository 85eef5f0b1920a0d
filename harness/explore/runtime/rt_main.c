/* rt_main.c - the runtime's entry (the linker's --wrap=main) and its
 * parent process. The program's process becomes a small server: for each
 * schedule it forks a child, which runs main() under that schedule, and it
 * watches the child (per-schedule timeout; a thread that stops reaching
 * steps is "stuck"), then writes what happened as records on the channel
 * (explore_proto.h). Children are copies of one process image, so every
 * schedule starts from the same state, and a schedule costs a fork, not an
 * exec. Without RACEKIT_SCHED_FD the program runs one schedule in place. */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
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

enum { MODE_EXPLORE, MODE_REPLAY, MODE_STEP };
enum { DEFAULT_K = 200, MAX_CHOICES = 1 << 16 };

static struct {
    int fd;                 /* the channel, or -1 */
    int mode;
    int strategy;           /* RT_PCT, RT_RANDOM, or -1 for mix */
    const char *strategy_name;
    uint64_t seed;
    uint64_t schedules;
    int depth;
    long timeout_ms, stuck_ms;
    uint64_t max_steps;
    int trace;
    rk_sched_run *follow;   /* replay input */
    size_t n_follow;
    uint32_t *choices;      /* step input */
    size_t n_choices;
} cfg = { .fd = -1 };

static const char *const end_names[] = { "", RK_XEND_DEADLOCK, RK_XEND_LIVELOCK, RK_XEND_DIVERGED,
                                         RK_XEND_PAUSED, RK_XEND_LIMIT, RK_XEND_FOREIGN };

static void die(const char *fmt, const char *what)
{
    fprintf(stderr, "racekit scheduler: ");
    fprintf(stderr, fmt, what);
    fputc('\n', stderr);
    _exit(RK_SCHED_CONFIG_ERROR);
}

static uint64_t env_u64(const char *name, uint64_t fallback)
{
    const char *s = getenv(name);
    if (s == NULL || *s == '\0')
        return fallback;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        die("%s is not a number", name);
    return v;
}

/* ---- the channel: output buffer --------------------------------------- */

static char out_buf[1 << 16];
static size_t out_len;

static void out_flush(void)
{
    size_t done = 0;
    while (done < out_len) {
        ssize_t n = write(cfg.fd, out_buf + done, out_len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    out_len = 0;
}

static void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out_printf(const char *fmt, ...)
{
    va_list ap;
    if (out_len > sizeof out_buf - 1024)
        out_flush();
    va_start(ap, fmt);
    int n = vsnprintf(out_buf + out_len, sizeof out_buf - out_len, fmt, ap);
    va_end(ap);
    if (n > 0)
        out_len += (size_t)n < sizeof out_buf - out_len ? (size_t)n : sizeof out_buf - out_len - 1;
}

/* ---- configuration ------------------------------------------------------ */

/* The input at the channel's start: a schedule (replay) or choices (step). */
static char *read_input(size_t len)
{
    char *text = calloc(1, len + 1);
    if (text == NULL)
        die("%s", "out of memory");
    size_t got = 0;
    while (got < len) {
        ssize_t n = pread(cfg.fd, text + got, len - got, (off_t)got);
        if (n <= 0)
            die("%s", "cannot read the input from the channel");
        got += (size_t)n;
    }
    return text;
}

static void parse_choices(const char *text)
{
    cfg.choices = calloc(MAX_CHOICES, sizeof *cfg.choices);
    for (const char *p = text; *p;) {
        char *end;
        unsigned long v = strtoul(p, &end, 10);
        if (end == p || v > RK_SCHED_MAX_THREAD || cfg.n_choices >= MAX_CHOICES)
            die("bad choices '%s'", text);
        cfg.choices[cfg.n_choices++] = (uint32_t)v;
        p = *end == ',' ? end + 1 : end;
        if (*end && *end != ',')
            die("bad choices '%s'", text);
    }
}

static void load_config(void)
{
    const char *fd = getenv(RK_SCHED_ENV_FD);
    const char *mode = getenv(RK_SCHED_ENV_MODE);
    const char *strategy = getenv(RK_SCHED_ENV_STRATEGY);
    cfg.fd = fd && *fd ? (int)env_u64(RK_SCHED_ENV_FD, 0) : -1;
    cfg.mode = mode == NULL || strcmp(mode, "explore") == 0 ? MODE_EXPLORE
               : strcmp(mode, "replay") == 0               ? MODE_REPLAY
               : strcmp(mode, "step") == 0                 ? MODE_STEP
                                                           : (die("unknown mode '%s'", mode), 0);
    cfg.strategy_name = strategy && *strategy ? strategy : "pct";
    cfg.strategy = strcmp(cfg.strategy_name, "pct") == 0      ? RT_PCT
                   : strcmp(cfg.strategy_name, "random") == 0 ? RT_RANDOM
                   : strcmp(cfg.strategy_name, "sync") == 0   ? RT_SYNC
                   : strcmp(cfg.strategy_name, "mix") == 0    ? -1
                                                              : (die("unknown strategy '%s'", cfg.strategy_name), 0);
    cfg.seed = env_u64(RK_SCHED_ENV_SEED, 1);
    cfg.schedules = cfg.mode == MODE_EXPLORE ? env_u64(RK_SCHED_ENV_SCHEDULES, 100) : 1;
    cfg.depth = (int)env_u64(RK_SCHED_ENV_DEPTH, 3);
    cfg.timeout_ms = (long)env_u64(RK_SCHED_ENV_TIMEOUT_MS, 10000);
    cfg.stuck_ms = (long)env_u64(RK_SCHED_ENV_STUCK_MS, 2000);
    cfg.max_steps = env_u64(RK_SCHED_ENV_MAX_STEPS, RT_DEFAULT_MAX_STEPS);
    cfg.trace = env_u64(RK_SCHED_ENV_TRACE, 0) != 0;
    size_t input = (size_t)env_u64(RK_SCHED_ENV_INPUT, 0);
    if (cfg.fd < 0 || input == 0)
        return;
    char *text = read_input(input);
    if (cfg.mode == MODE_REPLAY) {
        cfg.follow = calloc(RT_MAX_RUNS, sizeof *cfg.follow);
        long n = rk_sched_parse(text, input, cfg.follow, RT_MAX_RUNS, NULL);
        if (n < 0)
            die("bad schedule '%.80s'", text);
        cfg.n_follow = (size_t)n;
    } else if (cfg.mode == MODE_STEP) {
        parse_choices(text);
    }
    free(text);
}

/* ---- one schedule, in the child ---------------------------------------- */

static void start_schedule(int strategy, uint64_t seed, int depth, uint64_t k)
{
    rt.strategy = cfg.mode == MODE_REPLAY ? RT_FOLLOW : cfg.mode == MODE_STEP ? RT_CHOOSE : strategy;
    rt.trace = cfg.trace;
    rt.max_steps = cfg.max_steps;
    rt.follow = cfg.follow, rt.n_follow = cfg.n_follow;
    rt.choices = cfg.choices, rt.n_choices = cfg.n_choices;
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
        long lately = cfg.stuck_ms / 2 < 1000 ? cfg.stuck_ms / 2 : 1000;
        if (t - moved >= cfg.stuck_ms)
            killed = RK_XEND_STUCK;
        else if (t - start >= cfg.timeout_ms)
            killed = t - moved < lately ? RK_XEND_SLOW : RK_XEND_STUCK;
        if (killed == NULL)
            continue;
        if (killed == RK_XEND_SLOW) {
            snprintf(o->detail, sizeof o->detail,
                     "the schedule was still making steps at its timeout of %.3g s (%" PRIu64
                     " steps): the machine is busy or the program long; give it more with --timeout",
                     (double)cfg.timeout_ms / 1000, steps);
        } else {
            int32_t tid = atomic_load(&shm->running_tid);
            snprintf(o->detail, sizeof o->detail, "%d %ld %" PRIx64, (int)atomic_load(&shm->running_id),
                     tid > 0 ? syscall_of(pid, tid) : -1L, rt_elf_pc(atomic_load(&shm->running_pc)));
        }
        kill(pid, SIGKILL);
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
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
    return s == RT_RANDOM ? "random" : s == RT_SYNC ? "sync" : "pct";
}

static void write_schedule(const rt_shm *shm)
{
    char buf[8192];
    out_printf("schedule\t");
    for (uint64_t i = 0; i < shm->n_runs; i += 256) {
        size_t n = shm->n_runs - i < 256 ? (size_t)(shm->n_runs - i) : 256;
        rk_sched_format(&shm->runs[i], n, buf, sizeof buf);
        out_printf("%s%s", i ? "," : "", buf);
    }
    out_printf("\n");
}

static void write_records(const rt_shm *shm)
{
    for (uint64_t i = 0; i < shm->n_trace; i++) {
        const rt_step_rec *r = &shm->trace[i];
        out_printf("step\t%u\t%u\t%" PRIx64 "\t%c\t%u\t%" PRIx64 "\t%u\t%u\t%" PRIx64 "\t%c\t%u\t%" PRIx64 "\n",
                   r->thread, r->op, r->pc, r->kind, r->block, r->addr, r->size, r->count, r->span,
                   r->obj_kind, r->obj_block, r->obj);
    }
    if (shm->trace_dropped)
        out_printf("dropped\t%" PRIu64 "\n", shm->trace_dropped);
    for (uint32_t b = 1; b < shm->n_blocks && b < RT_MAX_BLOCKS; b++)
        out_printf("block\t%u\t%" PRIx64 "\t%" PRIu64 "\n", b, shm->blocks[b].pc, shm->blocks[b].size);
    for (uint32_t i = 0; i < shm->n_thread_recs; i++) {
        const rt_thread_rec *r = &shm->threads[i];
        out_printf("thread\t%u\t%s\t%u\t%" PRIx64 "\t%c\t%u\t%" PRIx64 "\t%d\t%" PRIx64 "\t%" PRIx64
                   "\t%c\t%u\t%" PRIx64 "\n",
                   r->id, r->state == 0 ? "enabled" : r->state == 1 ? "blocked" : "finished", r->op, r->pc,
                   r->kind, r->block, r->addr, r->holder, r->holder_pc, r->created_pc, r->obj_kind,
                   r->obj_block, r->obj);
    }
}

/* The records the program's RACEKIT_CHECK wrote during the schedule. */
static void forward_records(int memfd)
{
    char buf[4096];
    off_t at = 0;
    ssize_t n;
    out_flush();
    while ((n = pread(memfd, buf, sizeof buf, at)) > 0) {
        memcpy(out_buf, buf, (size_t)n);
        out_len = (size_t)n;
        out_flush();
        at += n;
    }
}

static void reset(rt_shm *shm)
{
    atomic_store(&shm->steps, 0);
    atomic_store(&shm->running_tid, 0);
    atomic_store(&shm->running_id, 0);
    atomic_store(&shm->running_pc, 0);
    shm->end = RT_END_NONE;
    shm->detail[0] = '\0';
    shm->n_runs = shm->n_trace = shm->trace_dropped = 0;
    shm->n_blocks = shm->n_thread_recs = 0;
}

/* Run the schedules; returns only in a child, which then runs main. */
static void serve(rt_shm *shm)
{
    int memfd = (int)syscall(SYS_memfd_create, "racekit-records", 0);
    if (memfd < 0)
        die("%s", "cannot create the records file");
    char fdtext[16];
    snprintf(fdtext, sizeof fdtext, "%d", memfd);
    setenv("RACEKIT_REPORT_FD", fdtext, 1);
    lseek(cfg.fd, 0, SEEK_END);
    out_printf("sched\t%d\t%s\t%s\t%" PRIu64 "\t%" PRIu64 "\t%d\n", RK_SCHED_PROTO_VERSION,
               cfg.mode == MODE_EXPLORE ? "explore" : cfg.mode == MODE_REPLAY ? "replay" : "step",
               cfg.strategy_name, cfg.seed, cfg.schedules, cfg.depth);
    uint64_t k = 0, tried = 0, found = 0, t0 = now_us();
    for (uint64_t i = 0; i < cfg.schedules && !found; i++) {
        reset(shm);
        if (ftruncate(memfd, 0) < 0 || lseek(memfd, 0, SEEK_SET) < 0)
            die("%s", "cannot reset the records file");
        uint64_t seed = cfg.mode == MODE_EXPLORE ? rk_seed_of(cfg.seed, i) : cfg.seed;
        /* mix: PCT, the synchronisation walk, the random walk, the synchronisation walk again, in turn. */
        static const int mix[] = { RT_PCT, RT_SYNC, RT_RANDOM, RT_SYNC };
        int strategy = cfg.strategy >= 0 ? cfg.strategy : mix[i % 4];
        out_flush();
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0)
            die("%s", "cannot fork a schedule");
        if (pid == 0) {
            start_schedule(strategy, seed, cfg.depth, k ? k : DEFAULT_K);
            return;
        }
        struct outcome o = { NULL, 0, "" };
        watch(pid, shm, &o);
        tried++;
        uint64_t steps = atomic_load(&shm->steps);
        if (steps > k)
            k = steps;
        char probe[16];
        int checked = pread(memfd, probe, sizeof probe, 0) > 0;
        int failed = strcmp(o.end, RK_XEND_EXIT) != 0 || o.status != 0 || checked;
        if (failed || cfg.mode != MODE_EXPLORE) {
            found = failed;
            out_printf("run\t%" PRIu64 "\t%" PRIu64 "\t%s\t%d\t%" PRIu64 "\t%s\t%d\t%s\n", i, seed,
                       cfg.mode == MODE_EXPLORE ? strategy_name(strategy) : cfg.mode == MODE_REPLAY ? "replay" : "step",
                       cfg.depth, steps, o.end, o.status, o.detail);
            write_schedule(shm);
            write_records(shm);
            forward_records(memfd);
        }
    }
    out_printf("summary\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\n", tried, found, now_us() - t0, k);
    out_flush();
    _exit(0);
}

int __wrap_main(int argc, char **argv, char **envp)
{
    load_config();
    rt_image_init();
    rt_shm *shm = mmap(NULL, sizeof *shm, PROT_READ | PROT_WRITE,
                       (cfg.fd >= 0 ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (shm == MAP_FAILED)
        die("%s", "cannot map the schedule's records");
    rt.shm = shm;
    if (cfg.fd >= 0)
        serve(shm); /* returns in the child of each schedule */
    else
        start_schedule(cfg.strategy >= 0 ? cfg.strategy : RT_PCT, cfg.seed, cfg.depth, DEFAULT_K);
    int ret = __real_main(argc, argv, envp);
    rt_thread *self = rt_controlled();
    if (self)
        rt_step(self, RK_OP_EXIT, 0, 0, 0, 0); /* main returns: the process ends */
    exit(ret);
}
