/* explore_run.c - run a variant built for the scheduler once and read the
 * records its runtime wrote (explore_proto.h; see explore.h). */
#define _GNU_SOURCE
#include "explore.h"
#include "runtime/explore_proto.h"

#include "util/util.h"
#include "sandbox/sandbox.h"
#include "read/read.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { RECORDS_MAX = 64 << 20 };

/* What the program must not change: the build tree, the kit's sources and
 * the cases root of the case (as `racekit check` protects them). */
static void protect(rk_sandbox *sb, const char *case_dir)
{
    char *topic = rk_xstrndup(case_dir, (size_t)(strrchr(case_dir, '/') - case_dir));
    char *root = rk_xstrndup(topic, (size_t)(strrchr(topic, '/') - topic));
    rk_sandbox_protect(sb, rk_paths_get()->build_dir);
    rk_sandbox_protect(sb, rk_paths_get()->source_dir);
    if (*root)
        rk_sandbox_protect(sb, root);
    rk_sandbox_protect_check(sb);
    free(topic);
    free(root);
}

static int inherited(const char *entry)
{
    return strncmp(entry, "RACEKIT_SCHED_", 14) != 0 && strncmp(entry, "RACEKIT_REPORT_", 15) != 0 &&
           strncmp(entry, "RACEKIT_ORDER=", 14) != 0;
}

/* The child's environment: ours without the scheduler's and the records
 * channel's variables, plus the configuration. Frees with free_env. */
static char **child_env(const rk_xopts *o, int fd, size_t input)
{
    size_t k;
    char **env = rk_env_select(inherited, 16, &k);
    for (size_t i = 0; i < k; i++)
        env[i] = rk_xstrdup(env[i]); /* owned like the configuration's */
    long timeout_ms = (long)(o->timeout_s * 1000);
    env[k++] = rk_xstrdup("RACEKIT_ORDER=off");
    env[k++] = rk_xasprintf("%s=%d", RK_SCHED_ENV_FD, fd);
    env[k++] = rk_xasprintf("%s=%zu", RK_SCHED_ENV_INPUT, input);
    env[k++] = rk_xasprintf("%s=%s", RK_SCHED_ENV_MODE, o->mode);
    env[k++] = rk_xasprintf("%s=%s", RK_SCHED_ENV_STRATEGY, o->strategy ? o->strategy : "mix");
    env[k++] = rk_xasprintf("%s=%" PRIu64, RK_SCHED_ENV_SEED, o->seed);
    env[k++] = rk_xasprintf("%s=%" PRIu64, RK_SCHED_ENV_SCHEDULES, o->schedules);
    env[k++] = rk_xasprintf("%s=%d", RK_SCHED_ENV_DEPTH, o->depth);
    env[k++] = rk_xasprintf("%s=%d", RK_SCHED_ENV_BOUND, o->bound);
    env[k++] = rk_xasprintf("%s=%ld", RK_SCHED_ENV_TIMEOUT_MS, timeout_ms);
    env[k++] = rk_xasprintf("%s=%ld", RK_SCHED_ENV_STUCK_MS, timeout_ms < 2000 ? timeout_ms : 2000);
    /* Only the failing schedule is kept, so tracing every one is cheap. */
    env[k++] = rk_xasprintf("%s=1", RK_SCHED_ENV_TRACE);
    if (o->outputs > 0)
        env[k++] = rk_xasprintf("%s=%d", RK_SCHED_ENV_OUTPUTS, o->outputs);
    return env;
}

static void free_env(char **env)
{
    for (size_t i = 0; env[i]; i++)
        free(env[i]);
    free(env);
}

/* Split a record line into tab-separated fields (in place); returns the count. */
static int fields(char *line, char **f, int max)
{
    int n = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        char *tab = strchr(p, '\t');
        if (tab == NULL)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static uint64_t hex(const char *s) { return strtoull(s, NULL, 16); }
static uint64_t dec(const char *s) { return strtoull(s, NULL, 10); }

/* One "output" record: <index> <total> <hex of the bytes kept>. */
static void parse_output(char **f, rk_xrun *r)
{
    size_t n = strlen(f[3]) / 2;
    char *data = rk_xmalloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        char two[3] = { f[3][2 * i], f[3][2 * i + 1], '\0' };
        data[i] = (char)strtoul(two, NULL, 16);
    }
    data[n] = '\0';
    r->outputs = rk_xrealloc(r->outputs, (r->n_outputs + 1) * sizeof *r->outputs);
    r->outputs[r->n_outputs++] = (rk_xoutput){ data, n, dec(f[2]), dec(f[1]) };
}

/* A new run record: what the records of an earlier run (a schedule kept
 * for its lock-order cycle) left goes. */
static void next_run(rk_xrun *r)
{
    r->n_steps = r->n_threads = r->n_cycle = r->cycle_len = 0;
    free(r->invariant);
    r->invariant = NULL;
}

/* One "cycle" record: an edge of the run's lock-order cycle. */
static void parse_edge(char **f, rk_xrun *r)
{
    r->cycle = rk_xrealloc(r->cycle, (r->n_cycle + 1) * sizeof *r->cycle);
    rk_xedge *e = &r->cycle[r->n_cycle++];
    r->cycle_len = dec(f[1]);
    e->thread = atoi(f[2]), e->from_kind = f[3][0], e->from_block = (uint32_t)dec(f[4]);
    e->from = hex(f[5]), e->from_pc = hex(f[6]), e->to_kind = f[7][0], e->to_block = (uint32_t)dec(f[8]);
    e->to = hex(f[9]), e->to_pc = hex(f[10]);
}

static void parse_line(char *line, rk_xrun *r, size_t *cap_steps, size_t *cap_threads)
{
    char *f[16];
    int n = fields(line, f, 16);
    if (strcmp(f[0], "bounded") == 0 && n >= 6) {
        r->bounded = 1;
        r->bound_completed = atoi(f[1]);
        r->bound_schedules = dec(f[2]);
        r->bound_reached = atoi(f[3]);
        r->bound_cut = atoi(f[4]);
        r->search_schedules = dec(f[5]);
    } else if (strcmp(f[0], "summary") == 0 && n >= 5) {
        r->ok = 1;
        r->tried = dec(f[1]), r->found_count = dec(f[2]), r->micros = dec(f[3]), r->max_steps = dec(f[4]);
    } else if (strcmp(f[0], "run") == 0 && n >= 8) {
        next_run(r);
        r->have_run = 1;
        r->index = dec(f[1]), r->seed = dec(f[2]);
        snprintf(r->strategy, sizeof r->strategy, "%s", f[3]);
        r->steps = dec(f[5]);
        snprintf(r->end, sizeof r->end, "%s", f[6]);
        r->status = atoi(f[7]);
        free(r->detail);
        r->detail = rk_xstrdup(n >= 9 ? f[8] : "");
    } else if (strcmp(f[0], "schedule") == 0 && n >= 2) {
        free(r->schedule);
        r->schedule = rk_xstrdup(f[1]);
    } else if (strcmp(f[0], "step") == 0 && n >= 12) {
        if (r->n_steps == *cap_steps) {
            *cap_steps = *cap_steps ? *cap_steps * 2 : 256;
            r->steps_v = rk_xrealloc(r->steps_v, *cap_steps * sizeof *r->steps_v);
        }
        rk_xstep *s = &r->steps_v[r->n_steps++];
        s->thread = atoi(f[1]), s->op = atoi(f[2]), s->pc = hex(f[3]), s->kind = f[4][0];
        s->block = (uint32_t)dec(f[5]), s->addr = hex(f[6]), s->size = (uint32_t)dec(f[7]);
        s->count = (uint32_t)dec(f[8]), s->obj_kind = f[10][0], s->obj_block = (uint32_t)dec(f[11]);
        s->obj = n >= 13 ? hex(f[12]) : 0;
    } else if (strcmp(f[0], "thread") == 0 && n >= 10) {
        if (r->n_threads == *cap_threads) {
            *cap_threads = *cap_threads ? *cap_threads * 2 : 16;
            r->threads = rk_xrealloc(r->threads, *cap_threads * sizeof *r->threads);
        }
        rk_xthread *t = &r->threads[r->n_threads++];
        t->id = atoi(f[1]);
        snprintf(t->state, sizeof t->state, "%s", f[2]);
        t->op = atoi(f[3]), t->pc = hex(f[4]), t->kind = f[5][0], t->block = (uint32_t)dec(f[6]);
        t->addr = hex(f[7]), t->holder = atoi(f[8]), t->holder_pc = hex(f[9]);
    } else if (strcmp(f[0], "cycle") == 0 && n >= 11) {
        parse_edge(f, r);
    } else if (strcmp(f[0], "output") == 0 && n >= 4) {
        parse_output(f, r);
    } else if (strcmp(f[0], "outputs") == 0) {
        r->outputs_more = 1;
    } else if (strcmp(f[0], "invariant") == 0 && n >= 4 && r->invariant == NULL) {
        r->invariant = rk_xasprintf("%s:%s: %s", f[1], f[2], f[3]);
    }
}

/* A failing schedule that aborted with glibc's "Assertion ... failed."
 * line broke the program's own check (assert_text.h), as a RACEKIT_CHECK
 * does: r->invariant names the assertion and its line. */
static void assert_failed(rk_xrun *r)
{
    rk_invariant inv = { 0 };
    if (r->invariant || strcmp(r->end, RK_XEND_SIGNAL) != 0 || r->status != SIGABRT ||
        !rk_assert_parse(rk_sb_cstr(&r->err), r->err.len, &inv))
        return;
    r->invariant = rk_xasprintf("%s:%d: %s", inv.file, inv.line, inv.message);
    rk_invariant_free(&inv);
}

/* How far the runtime got: its "done" records, the last one's values. */
struct progress {
    uint64_t n, index, steps, micros;
};

/* 1 when `line` is a "done" record (counted in *p), else 0. */
static int parse_done(const char *line, struct progress *p)
{
    if (strncmp(line, "done\t", 5) != 0)
        return 0;
    if (sscanf(line + 5, "%" SCNu64 "\t%" SCNu64 "\t%" SCNu64, &p->index, &p->steps, &p->micros) == 3)
        p->n++;
    return 1;
}

/* Why the runtime gave no summary: how it ended, what it printed, or when
 * it printed nothing, how far it got ("1 of 5 schedules finished, the last
 * (schedule 1) in 0.02 s and 14 steps"). Caller frees. */
static char *unfinished(const rk_run *run, const struct progress *done, uint64_t schedules)
{
    char *how = rk_end_describe(run);
    char *got = done->n ? rk_xasprintf("%" PRIu64 " of %" PRIu64 " schedules finished, the last (schedule %" PRIu64
                                       ") in %.2f s and %" PRIu64 " steps",
                                       done->n, schedules, done->index + 1, (double)done->micros / 1e6, done->steps)
                        : rk_xasprintf("none of %" PRIu64 " schedules finished", schedules);
    const char *err = rk_sb_cstr(&run->err);
    char *text = *err ? rk_xasprintf("the scheduler runtime did not finish (%s): %.300s (%s)", how, err, got)
                      : rk_xasprintf("the scheduler runtime did not finish (%s): it printed nothing; %s", how, got);
    free(got);
    free(how);
    return text;
}

int rk_explore_run(const char *binary, const char *case_dir, const rk_xopts *o, rk_xrun *r)
{
    memset(r, 0, sizeof *r);
    int fd = memfd_create("racekit-schedule", 0);
    if (fd < 0) {
        r->run_error = rk_xasprintf("cannot create the schedule channel: %s", strerror(errno));
        return -1;
    }
    size_t input = o->schedule ? strlen(o->schedule) : 0;
    if (input && write(fd, o->schedule, input) != (ssize_t)input) {
        r->run_error = rk_xasprintf("cannot write the schedule channel: %s", strerror(errno));
        close(fd);
        return -1;
    }
    char **env = child_env(o, fd, input);
    char *argv[] = { (char *)binary, NULL };
    rk_sandbox sb;
    rk_sandbox_open(&sb, binary);
    protect(&sb, case_dir);
    rk_spawn_opts so = RK_SPAWN_OPTS_INIT;
    so.argv = argv;
    so.envp = env;
    so.timeout_s = o->total_s;
    so.pass_fd = fd;
    so.sandbox = &sb;
    rk_run run;
    int rc = rk_spawn(&so, &run);
    rk_sandbox_close(&sb);
    free_env(env);
    if (rc < 0) {
        r->run_error = rk_xasprintf("cannot run %s: %s", binary, strerror(errno));
        close(fd);
        return -1;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    size_t len = size > (off_t)input ? (size_t)(size - (off_t)input) : 0;
    if (len > RECORDS_MAX)
        len = RECORDS_MAX;
    char *text = rk_xmalloc(len + 1);
    ssize_t got = len ? pread(fd, text, len, (off_t)input) : 0;
    text[got > 0 ? got : 0] = '\0';
    close(fd);
    size_t cap_steps = 0, cap_threads = 0;
    struct progress done = { 0, 0, 0, 0 };
    char *save = NULL;
    for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        if (!parse_done(l, &done))
            parse_line(l, r, &cap_steps, &cap_threads);
    free(text);
    if (!r->ok)
        r->run_error = unfinished(&run, &done, o->schedules);
    r->out = run.out, r->err = run.err;
    run.out = (rk_strbuf)RK_STRBUF_INIT, run.err = (rk_strbuf)RK_STRBUF_INIT;
    rk_run_free(&run);
    assert_failed(r);
    r->cycle_text = rk_explore_cycle_text(binary, r);
    return 0;
}

void rk_xrun_free(rk_xrun *r)
{
    free(r->detail);
    free(r->schedule);
    free(r->steps_v);
    free(r->threads);
    free(r->invariant);
    free(r->cycle);
    free(r->cycle_text);
    free(r->run_error);
    rk_sb_free(&r->out);
    rk_sb_free(&r->err);
    for (size_t i = 0; i < r->n_outputs; i++)
        free(r->outputs[i].data);
    free(r->outputs);
    memset(r, 0, sizeof *r);
}

const char *rk_explore_outcome(const rk_xrun *r)
{
    if (!r->have_run)
        return "clean";
    if (r->invariant || (strcmp(r->end, RK_XEND_EXIT) == 0 && r->status == 86))
        return "invariant";
    if (strcmp(r->end, RK_XEND_DEADLOCK) == 0 || strcmp(r->end, RK_XEND_LIVELOCK) == 0)
        return "hang";
    if (strcmp(r->end, RK_XEND_SIGNAL) == 0)
        return "crash";
    if (strcmp(r->end, RK_XEND_EXIT) == 0)
        return r->status ? "exit" : r->n_cycle ? "lock-order-inversion" : "clean";
    /* diverged, limit, foreign, slow; stuck: a thread held the baton
     * outside every step (a blocking system call the scheduler does not
     * wrap, code that is not instrumented), so no other thread could run.
     * Not the program's bug as far as the scheduler can tell. */
    return "error";
}
