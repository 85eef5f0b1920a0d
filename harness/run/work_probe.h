/* work_probe.h - the harness's side of the TSan hook's work probe
 * (hook/work_probe.h): which link options route a program's writes and
 * output through the probe's counters, and how to read what it counted.
 * Used for an exercise's safe.c: a repair whose threads do nothing, while
 * main prints the answer, is refused (docs/exercises.md, rule 6). */
#ifndef RK_WORK_PROBE_H
#define RK_WORK_PROBE_H

#include "util/util.h"

#include <stddef.h>

typedef struct {
    int measured;  /* 1 when the records held the probe's line */
    long writes;   /* writes outside their own stacks by threads other than main */
    long outputs;  /* stdio, write() and messages (signals, sem_post, condvar
                    * signals) by threads other than main */
} rk_work;

/* rk_work_probe_flags - add to `link_flags` the one -Wl option that wraps
 * every symbol the probe counts (the same list as hook/work_probe.h). */
void rk_work_probe_flags(rk_strlist *link_flags);

/* rk_work_parse - read the hook's "work <writes> <outputs>" line from the
 * records (key already removed) into *w; w->measured is 0 without one. */
void rk_work_parse(const char *records, size_t len, rk_work *w);

#endif
