/* rt_config.h - what the harness asks the scheduler runtime for (rt_config.c),
 * read once from the environment and the channel; part of rt.h, kept apart
 * for its length. */
#ifndef RK_RT_CONFIG_H
#define RK_RT_CONFIG_H

#include "schedule.h"

#include <stddef.h>
#include <stdint.h>

/* What a run of the program does: explore schedules, replay one, or step. */
enum { RT_MODE_EXPLORE, RT_MODE_REPLAY, RT_MODE_STEP };

/* The configuration, read once in the runtime's parent process. */
typedef struct {
    int fd;                 /* the channel, or -1 */
    int mode;               /* RT_MODE_* */
    int strategy;           /* enum rt_strategy (rt.h), or -1 for mix */
    const char *strategy_name;
    uint64_t seed;
    uint64_t schedules;
    int bound;              /* the bounded search: most preemptions */
    int depth;
    long timeout_ms, stuck_ms;
    uint64_t max_steps;
    int trace;
    int outputs;            /* keep the first this many different outputs (rt_outputs.c), 0: none */
    rk_sched_run *follow;   /* replay input */
    size_t n_follow;
    uint32_t *choices;      /* step input */
    size_t n_choices;
} rt_config;

extern rt_config rt_cfg;

/* rt_die - a configuration the runtime cannot work with (or a resource it
 * cannot get): print "racekit scheduler: " and `fmt` with `what` on stderr,
 * _exit(RK_SCHED_CONFIG_ERROR). */
void rt_die(const char *fmt, const char *what) __attribute__((noreturn));

/* rt_load_config - fill rt_cfg from the environment (RACEKIT_SCHED_*) and,
 * in replay and step mode, the input at the channel's start; a bad value
 * ends the process (rt_die). */
void rt_load_config(void);

#endif
