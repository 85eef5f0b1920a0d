/* cmd_explore.c - `racekit explore` and `racekit replay`: run a variant
 * under racekit's controlled scheduler (explore.h), judge what it found,
 * print the verdict, the schedule to replay and the timeline, and write
 * the result file (docs/exploration.md, docs/design.md). */
#include "explore.h"
#include "runtime/explore_proto.h"
#include "runtime/schedule.h"

#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xargs {
    rk_xopts o;
    const char *case_arg, *variant, *cases_root;
    int quiet;
};

static int usage(const char *cmd)
{
    if (strcmp(cmd, "replay") == 0)
        rk_error("usage: racekit replay [--timeout SEC] [--cases-root DIR] <case-dir> <unsafe|safe> --schedule STR");
    else
        rk_error("usage: racekit explore [--schedules N] [--seed S] [--depth D] [--strategy pct|random|sync|bounded|mix] "
                 "[--bound K] [--timeout SEC] [--cases-root DIR] [--quiet] <case-dir> <unsafe|safe>");
    return RK_EXIT_USAGE;
}

/* A whole number in [lo, hi] from option `name`'s value, or -1 after the message. */
static int number_arg(const char *name, const char *v, unsigned long long lo, unsigned long long hi,
                      uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = v ? strtoull(v, &end, 10) : 0;
    if (v == NULL || *v == '\0' || *v == '-' || *end || errno || n < lo || n > hi) {
        rk_error("%s: expected a whole number from %llu to %llu, got '%s'", name, lo, hi, v ? v : "");
        return -1;
    }
    *out = n;
    return 0;
}

static int parse_args(int argc, char **argv, struct xargs *a)
{
    const char *cmd = argv[0];
    int replay = strcmp(cmd, "replay") == 0;
    a->o.mode = replay ? "replay" : "explore";
    a->o.schedules = replay ? 1 : 100;
    a->o.seed = 1;
    a->o.depth = 3;
    a->o.bound = 2;
    a->o.strategy = "mix";
    a->o.timeout_s = 0;
    const char *pos[2] = { NULL, NULL };
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t n;
        if (!replay && strcmp(s, "--schedules") == 0) {
            if (number_arg(s, v, 1, 1000000, &n) < 0)
                return -1;
            a->o.schedules = n, i++;
        } else if (!replay && strcmp(s, "--seed") == 0) {
            if (number_arg(s, v, 0, UINT64_MAX, &n) < 0)
                return -1;
            a->o.seed = n, i++;
        } else if (!replay && strcmp(s, "--depth") == 0) {
            if (number_arg(s, v, 1, 64, &n) < 0)
                return -1;
            a->o.depth = (int)n, i++;
        } else if (!replay && strcmp(s, "--strategy") == 0) {
            if (v == NULL || (strcmp(v, "pct") != 0 && strcmp(v, "random") != 0 && strcmp(v, "sync") != 0 &&
                              strcmp(v, "bounded") != 0 && strcmp(v, "mix") != 0)) {
                rk_error("--strategy: expected pct, random, sync, bounded or mix, got '%s'", v ? v : "");
                return -1;
            }
            a->o.strategy = v, i++;
        } else if (!replay && strcmp(s, "--bound") == 0) {
            if (number_arg(s, v, 0, 8, &n) < 0)
                return -1;
            a->o.bound = (int)n, i++;
        } else if (strcmp(s, "--timeout") == 0) {
            if (number_arg(s, v, 1, 3600, &n) < 0)
                return -1;
            a->o.timeout_s = (double)n, i++;
        } else if (replay && strcmp(s, "--schedule") == 0) {
            if (v == NULL || *v == '\0') {
                rk_error("--schedule: expected the schedule string explore printed");
                return -1;
            }
            rk_sched_run probe[1];
            size_t bad = 0;
            if (rk_sched_parse(v, strlen(v), probe, 1, &bad) == -1) {
                rk_error("--schedule: not a schedule string (\"thread:steps,...\" as explore prints it): "
                         "bad at character %zu of '%.60s'", bad + 1, v);
                return -1;
            }
            a->o.schedule = v, i++;
        } else if (strcmp(s, "--cases-root") == 0 && v) {
            a->cases_root = v, i++;
        } else if (strcmp(s, "--quiet") == 0) {
            a->quiet = 1;
        } else if (s[0] == '-' && s[1] == '-') {
            rk_error("%s: unknown option '%s'", cmd, s);
            return usage(cmd), -1;
        } else if (npos < 2) {
            pos[npos++] = s;
        } else {
            return usage(cmd), -1;
        }
    }
    if (npos != 2 || (replay && a->o.schedule == NULL))
        return usage(cmd), -1;
    a->case_arg = pos[0], a->variant = pos[1];
    return 0;
}

/* Print the verdict, the schedule and the timeline; write the result.
 * Returns the exit status. */
static int finish(const rk_xcase *x, const struct xargs *a, const rk_xrun *r, double start)
{
    rk_xconclusion c;
    int wrote = rk_explore_conclude(x, &a->o, r, start, &c);
    rk_strbuf tl_text = RK_STRBUF_INIT;
    printf("%s %s/%s: %s: %s\n", c.skip ? "SKIP" : c.pass ? "PASS" : "FAIL", x->c.id, x->variant, a->o.mode,
           c.reason);
    if (r->have_run && r->schedule && strcmp(c.outcome, "clean") != 0 && strcmp(c.outcome, "error") != 0) {
        printf("  found at schedule %llu of %llu (seed %llu, %s, depth %d)\n", (unsigned long long)r->index + 1,
               (unsigned long long)r->tried, (unsigned long long)a->o.seed, r->strategy, a->o.depth);
        printf("  replay: racekit replay %s %s --schedule %s\n", x->c.id, x->variant, r->schedule);
        if (!a->quiet) {
            rk_timeline_text(&c.tl, &tl_text);
            printf("\n%s", rk_sb_cstr(&tl_text));
            if (c.dead.len)
                printf("\n%s", rk_sb_cstr(&c.dead));
        }
    }
    int rc = wrote < 0 ? RK_EXIT_USAGE : c.skip ? RK_EXIT_SKIP : c.pass ? RK_EXIT_PASS : RK_EXIT_FAIL;
    rk_sb_free(&tl_text);
    rk_xconclusion_free(&c);
    return rc;
}

/* explore and replay: the same flow, one configured run of the runtime. */
static int explore_or_replay(int argc, char **argv)
{
    struct xargs a;
    memset(&a, 0, sizeof a);
    if (parse_args(argc, argv, &a) < 0)
        return RK_EXIT_USAGE;
    double start = rk_now();
    rk_xcase x;
    int rc = rk_xcase_open(&x, a.case_arg, a.variant, a.cases_root);
    if (rc != RK_EXIT_PASS) {
        rk_xcase_free(&x);
        return rc;
    }
    if (!x.built.ok) {
        printf("FAIL %s/%s: %s: does not compile\n%s", x.c.id, a.variant, a.o.mode,
               rk_sb_cstr(&x.built.diagnostics));
        rk_xcase_free(&x);
        return RK_EXIT_FAIL;
    }
    if (a.o.timeout_s == 0)
        a.o.timeout_s = x.meta.timeout;
    /* The invocation's own limit: every schedule at its timeout would be
     * far longer, but a stuck runtime must not hang the harness. */
    a.o.total_s = a.o.timeout_s * 3 + 0.05 * (double)a.o.schedules + 60;
    rk_xrun r;
    if (rk_explore_run(x.built.binary, x.c.dir, &a.o, &r) < 0 || r.run_error) {
        printf("FAIL %s/%s: %s: %s\n", x.c.id, a.variant, a.o.mode, r.run_error);
        rc = RK_EXIT_FAIL;
    } else {
        rc = finish(&x, &a, &r, start);
    }
    rk_xrun_free(&r);
    rk_xcase_free(&x);
    return rc;
}

int rk_cmd_explore(int argc, char **argv)
{
    return explore_or_replay(argc, argv);
}

int rk_cmd_replay(int argc, char **argv)
{
    return explore_or_replay(argc, argv);
}
