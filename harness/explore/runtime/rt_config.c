/* rt_config.c - what the harness asks of the runtime: the configuration
 * from the environment (RACEKIT_SCHED_*, explore_proto.h) and the input at
 * the channel's start, read once before the first schedule (see rt.h). */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_CHOICES = 1 << 16 };

rt_config rt_cfg = { .fd = -1 };

void rt_die(const char *fmt, const char *what)
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
        rt_die("%s is not a number", name);
    return v;
}

/* The input at the channel's start: a schedule (replay) or choices (step). */
static char *read_input(size_t len)
{
    char *text = calloc(1, len + 1);
    if (text == NULL)
        rt_die("%s", "out of memory");
    size_t got = 0;
    while (got < len) {
        ssize_t n = pread(rt_cfg.fd, text + got, len - got, (off_t)got);
        if (n <= 0)
            rt_die("%s", "cannot read the input from the channel");
        got += (size_t)n;
    }
    return text;
}

static void parse_choices(const char *text)
{
    rt_cfg.choices = calloc(MAX_CHOICES, sizeof *rt_cfg.choices);
    for (const char *p = text; *p;) {
        char *end;
        unsigned long v = strtoul(p, &end, 10);
        if (end == p || v > RK_SCHED_MAX_THREAD || rt_cfg.n_choices >= MAX_CHOICES)
            rt_die("bad choices '%s'", text);
        rt_cfg.choices[rt_cfg.n_choices++] = (uint32_t)v;
        p = *end == ',' ? end + 1 : end;
        if (*end && *end != ',')
            rt_die("bad choices '%s'", text);
    }
}

void rt_load_config(void)
{
    const char *fd = getenv(RK_SCHED_ENV_FD);
    const char *mode = getenv(RK_SCHED_ENV_MODE);
    const char *strategy = getenv(RK_SCHED_ENV_STRATEGY);
    rt_cfg.fd = fd && *fd ? (int)env_u64(RK_SCHED_ENV_FD, 0) : -1;
    rt_cfg.mode = mode == NULL || strcmp(mode, "explore") == 0 ? RT_MODE_EXPLORE
                  : strcmp(mode, "replay") == 0                ? RT_MODE_REPLAY
                  : strcmp(mode, "step") == 0                  ? RT_MODE_STEP
                                                               : (rt_die("unknown mode '%s'", mode), 0);
    rt_cfg.strategy_name = strategy && *strategy ? strategy : "pct";
    rt_cfg.strategy = strcmp(rt_cfg.strategy_name, "pct") == 0      ? RT_PCT
                      : strcmp(rt_cfg.strategy_name, "random") == 0 ? RT_RANDOM
                      : strcmp(rt_cfg.strategy_name, "sync") == 0   ? RT_SYNC
                      : strcmp(rt_cfg.strategy_name, "bounded") == 0 ? RT_BOUNDED
                      : strcmp(rt_cfg.strategy_name, "release") == 0 ? RT_RELEASE
                      : strcmp(rt_cfg.strategy_name, "mix") == 0
                          ? -1
                          : (rt_die("unknown strategy '%s'", rt_cfg.strategy_name), 0);
    rt_cfg.seed = env_u64(RK_SCHED_ENV_SEED, 1);
    rt_cfg.schedules = rt_cfg.mode == RT_MODE_EXPLORE ? env_u64(RK_SCHED_ENV_SCHEDULES, 100) : 1;
    rt_cfg.depth = (int)env_u64(RK_SCHED_ENV_DEPTH, 3);
    rt_cfg.bound = (int)env_u64(RK_SCHED_ENV_BOUND, 2);
    if (rt_cfg.bound > RT_MAX_BOUND) /* the harness allows no more */
        rt_cfg.bound = RT_MAX_BOUND;
    rt_cfg.timeout_ms = (long)env_u64(RK_SCHED_ENV_TIMEOUT_MS, 10000);
    rt_cfg.stuck_ms = (long)env_u64(RK_SCHED_ENV_STUCK_MS, 2000);
    rt_cfg.max_steps = env_u64(RK_SCHED_ENV_MAX_STEPS, RT_DEFAULT_MAX_STEPS);
    rt_cfg.trace = env_u64(RK_SCHED_ENV_TRACE, 0) != 0;
    uint64_t outputs = env_u64(RK_SCHED_ENV_OUTPUTS, 0);
    rt_cfg.outputs = outputs > RT_MAX_OUTPUTS ? RT_MAX_OUTPUTS : (int)outputs;
    size_t input = (size_t)env_u64(RK_SCHED_ENV_INPUT, 0);
    if (rt_cfg.fd < 0 || input == 0)
        return;
    char *text = read_input(input);
    if (rt_cfg.mode == RT_MODE_REPLAY) {
        rt_cfg.follow = calloc(RT_MAX_RUNS, sizeof *rt_cfg.follow);
        long n = rk_sched_parse(text, input, rt_cfg.follow, RT_MAX_RUNS, NULL);
        if (n < 0)
            rt_die("bad schedule '%.80s'", text);
        rt_cfg.n_follow = (size_t)n;
    } else if (rt_cfg.mode == RT_MODE_STEP) {
        parse_choices(text);
    }
    free(text);
}
