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

/* Both commands' options; replay takes four of them (replay_ids). */
enum { OPT_SCHEDULES, OPT_SEED, OPT_DEPTH, OPT_STRATEGY, OPT_BOUND, OPT_TIMEOUT, OPT_CASES_ROOT, OPT_QUIET,
       OPT_SCHEDULE };
#define TIMEOUT_OPTION                                                                                        \
    { "--timeout", NULL, "SEC", "limit each schedule to SEC seconds, 1 to 3600 (default: the case's timeout)" }
#define CASES_ROOT_OPTION { "--cases-root", NULL, "DIR", RK_CASES_ROOT_HELP }
#define QUIET_OPTION                                                                                          \
    { "--quiet", NULL, NULL, "print the verdict, where it was found and the replay command, not the timeline" }

static const rk_option explore_options[] = {
    [OPT_SCHEDULES] = { "--schedules", NULL, "N", "the budget: try at most N schedules, 1 to 1000000 (default 100)" },
    [OPT_SEED] = { "--seed", NULL, "S", "the seed of the search's random choices: the same seed, the same search "
                   "(default 1)" },
    [OPT_DEPTH] = { "--depth", NULL, "D", "PCT's depth, how many ordering constraints the bug needs, 1 to 64 "
                    "(default 3); for --strategy pct and mix" },
    [OPT_STRATEGY] = { "--strategy", NULL, "S",
                       "pct, random, sync (switch threads only at synchronisation), release (a thread runs on and "
                       "hands over where it blocks or releases a lock), bounded (every schedule with at most "
                       "--bound preemptions) or mix (the default: pct half the time, bounded, release and sync)" },
    [OPT_BOUND] = { "--bound", NULL, "K", "the bounded search's most preemptions, 0 to 8 (default 2); for "
                    "--strategy bounded and mix" },
    [OPT_TIMEOUT] = TIMEOUT_OPTION,
    [OPT_CASES_ROOT] = CASES_ROOT_OPTION,
    [OPT_QUIET] = QUIET_OPTION,
    { NULL },
};

enum { R_SCHEDULE, R_TIMEOUT, R_CASES_ROOT, R_QUIET };
static const rk_option replay_options[] = {
    [R_SCHEDULE] = { "--schedule", NULL, "STR", "the schedule string explore printed (\"thread:steps,...\")", 1 },
    [R_TIMEOUT] = TIMEOUT_OPTION,
    [R_CASES_ROOT] = CASES_ROOT_OPTION,
    [R_QUIET] = QUIET_OPTION,
    { NULL },
};
static const int replay_ids[] = {
    [R_SCHEDULE] = OPT_SCHEDULE, [R_TIMEOUT] = OPT_TIMEOUT, [R_CASES_ROOT] = OPT_CASES_ROOT, [R_QUIET] = OPT_QUIET,
};

#define EXIT_STATUS_TEXT                                                                                      \
    "Exit status: 0 when the verdict matches the case, 1 when not, 2 bad usage, 77 when the scheduler cannot run " \
    "or judge this variant (docs/exploration.md)."

const rk_command rk_explore_command = {
    "explore", "<case-dir> <unsafe|safe>",
    "search for a failing interleaving under racekit's controlled scheduler",
    "Prints the verdict, the failing schedule as a timeline and the command that replays it, and writes "
    "<build>/results/explore/<topic>/<name>/<variant>.json. " EXIT_STATUS_TEXT,
    2, 2, explore_options,
};

const rk_command rk_replay_command = {
    "replay", "<case-dir> <unsafe|safe>", "run again the one schedule explore printed",
    "The same failure and the same timeline every time; the same result file as explore. " EXIT_STATUS_TEXT,
    2, 2, replay_options,
};

static const char *const strategies[] = { "pct", "random", "sync", "release", "bounded", "mix", NULL };

/* --depth is PCT's, --bound the bounded search's: either with a strategy
 * that has no use for it is a mistake, not a setting silently ignored. */
static int check_applies(const rk_opts *p, const rk_xopts *o)
{
    int pct = strcmp(o->strategy, "pct") == 0, bounded = strcmp(o->strategy, "bounded") == 0;
    int mix = strcmp(o->strategy, "mix") == 0;
    if ((p->seen >> OPT_DEPTH & 1) && !pct && !mix)
        return rk_usage_fail(p->cmd, "--depth applies to --strategy pct and mix, not %s", o->strategy);
    if ((p->seen >> OPT_BOUND & 1) && !bounded && !mix)
        return rk_usage_fail(p->cmd, "--bound applies to --strategy bounded and mix, not %s", o->strategy);
    return RK_OPTS_GO_ON;
}

/* The schedule string must parse before anything is built. */
static int check_schedule(rk_opts *p)
{
    rk_sched_run probe[1];
    size_t bad = 0;
    if (*p->value == '\0')
        return rk_opt_fail(p, "expected the schedule string explore printed");
    if (rk_sched_parse(p->value, strlen(p->value), probe, 1, &bad) == -1)
        return rk_opt_fail(p, "not a schedule string (\"thread:steps,...\" as explore prints it): bad at "
                              "character %zu of '%.60s'", bad + 1, p->value);
    return 0;
}

/* Fill *a from argv; RK_OPTS_GO_ON, or the exit status after --help or a mistake. */
static int parse_args(int argc, char **argv, struct xargs *a)
{
    int replay = strcmp(argv[0], "replay") == 0;
    a->o.mode = replay ? "replay" : "explore";
    a->o.schedules = replay ? 1 : 100;
    a->o.seed = 1;
    a->o.depth = 3;
    a->o.bound = 2;
    a->o.strategy = "mix";
    a->o.timeout_s = 0;
    rk_opts p;
    rk_opts_start(&p, replay ? &rk_replay_command : &rk_explore_command, argc, argv);
    uint64_t n;
    int rc = 0;
    for (int k; rc == 0 && (k = rk_opts_next(&p)) != RK_OPT_END;) {
        switch (k < 0 ? k : replay ? replay_ids[k] : k) {
        case OPT_SCHEDULES:
            if ((rc = rk_opt_number(&p, 1, 1000000, &n)) == 0)
                a->o.schedules = n;
            break;
        case OPT_SEED:
            if ((rc = rk_opt_number(&p, 0, UINT64_MAX, &n)) == 0)
                a->o.seed = n;
            break;
        case OPT_DEPTH:
            if ((rc = rk_opt_number(&p, 1, 64, &n)) == 0)
                a->o.depth = (int)n;
            break;
        case OPT_STRATEGY:
            if ((rc = rk_opt_choice(&p, strategies)) >= 0)
                a->o.strategy = strategies[rc], rc = 0;
            break;
        case OPT_BOUND:
            if ((rc = rk_opt_number(&p, 0, 8, &n)) == 0)
                a->o.bound = (int)n;
            break;
        case OPT_TIMEOUT:
            if ((rc = rk_opt_number(&p, 1, 3600, &n)) == 0)
                a->o.timeout_s = (double)n;
            break;
        case OPT_SCHEDULE:
            if ((rc = check_schedule(&p)) == 0)
                a->o.schedule = p.value;
            break;
        case OPT_CASES_ROOT:
            a->cases_root = p.value;
            break;
        case OPT_QUIET:
            a->quiet = 1;
            break;
        case RK_OPT_OPERAND:
            *(a->case_arg ? &a->variant : &a->case_arg) = p.value;
            break;
        default:
            return p.status;
        }
    }
    return rc < 0 ? p.status : replay ? RK_OPTS_GO_ON : check_applies(&p, &a->o);
}

/* Where the failing schedule came from: explore's search ("found at
 * schedule 12 of 12 (seed 1, pct, depth 3)", the setting of the strategy
 * that found it), or the schedule replay was given. */
static void print_found(const struct xargs *a, const rk_xrun *r)
{
    if (strcmp(a->o.mode, "replay") == 0) {
        printf("  replayed the schedule given with --schedule (%llu steps)\n", (unsigned long long)r->steps);
        return;
    }
    printf("  found at schedule %llu of %llu (seed %llu, %s", (unsigned long long)r->index + 1,
           (unsigned long long)r->tried, (unsigned long long)a->o.seed, r->strategy);
    if (strcmp(r->strategy, "pct") == 0)
        printf(", depth %d", a->o.depth);
    else if (strcmp(r->strategy, "bounded") == 0)
        printf(", at most %d preemptions", a->o.bound);
    printf(")\n");
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
        print_found(a, r);
        printf("  replay: %s replay %s %s --schedule %s\n", rk_prog(), x->c.id, x->variant, r->schedule);
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
    int status = parse_args(argc, argv, &a);
    if (status != RK_OPTS_GO_ON)
        return status;
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
