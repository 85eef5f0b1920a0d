/* explore_verdict.c - a scheduler run concluded: judged, its timeline and
 * result file (shared by racekit explore and replay), and the scheduler's
 * verdict as `racekit check` asks for it (see explore.h). */
#include "explore.h"
#include "runtime/explore_proto.h"

#include "judge/judge.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CHECK_UNSAFE_SCHEDULES = 1000, CHECK_SAFE_SCHEDULES = 100 };

int rk_explore_conclude(const rk_xcase *x, const rk_xopts *o, const rk_xrun *r, double start, rk_xconclusion *c)
{
    memset(c, 0, sizeof *c);
    c->outcome = rk_explore_outcome(r);
    rk_timeline_build(x->built.binary, r, &c->tl);
    if (r->have_run)
        rk_explore_deadlock_text(x->built.binary, r, &c->dead);
    int pass = rk_explore_judge(x, r, c->outcome, strcmp(o->mode, "replay") == 0, &c->reason);
    c->skip = pass < 0;
    c->pass = pass > 0;
    rk_explore_result res = { x->c.id, x->variant, o->mode, o, r, &c->tl, c->outcome, rk_sb_cstr(&c->dead),
                              c->pass, c->skip, c->reason, rk_now() - start };
    return rk_explore_result_save(&res);
}

void rk_xconclusion_free(rk_xconclusion *c)
{
    free(c->reason);
    rk_sb_free(&c->dead);
    rk_timeline_free(&c->tl);
    memset(c, 0, sizeof *c);
}

uint64_t rk_explore_case_seed(const char *case_id)
{
    /* 32 bits: a JSON number keeps it exactly, and it is easy to type. */
    return rk_hash_str(0x7363686564756c65ULL, case_id) & 0xffffffffu;
}

/* A verdict the scheduler could not give, with the reason. */
static int not_judged(rk_xverdict *v, char *reason)
{
    v->judged = 0;
    v->reason = reason;
    return 0;
}

/* `reason` (taken) with, for a deadlock, its lines from `dead` joined by
 * "; " after ": " - check has no timeline to show them under, and no
 * stack says where a holder took its lock. The kit's own threads (blocked
 * in racekit.h) are left out. A new string. */
static char *with_deadlock(char *reason, const rk_strbuf *dead)
{
    if (dead->len == 0)
        return reason;
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_sb_puts(&sb, reason);
    const char *sep = ": ";
    for (const char *line = rk_sb_cstr(dead), *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (nl == NULL)
            nl = line + strlen(line) - 1;
        if (strstr(line, " at racekit.h:") == NULL || strstr(line, " at racekit.h:") > nl)
            rk_sb_printf(&sb, "%s%.*s", sep, (int)(nl - line + (*nl != '\n')), line), sep = "; ";
    }
    free(reason);
    return rk_sb_detach(&sb);
}

int rk_explore_verdict(const char *case_dir, const char *variant, const char *cases_root, rk_xverdict *v)
{
    memset(v, 0, sizeof *v);
    double start = rk_now();
    rk_xcase x;
    /* The build's own messages (a SKIP line, a compile error) go to the
     * check's output as they would under racekit explore. */
    int rc = rk_xcase_open(&x, case_dir, variant, cases_root);
    if (rc != RK_EXIT_PASS || !x.built.ok) {
        rk_xcase_free(&x);
        return rc == RK_EXIT_USAGE ? -1
                                   : not_judged(v, rk_xstrdup(rc == RK_EXIT_SKIP
                                                                  ? "the scheduler cannot run here"
                                                                  : "the variant does not build for the scheduler"));
    }
    rk_xopts o = { .mode = "explore", .depth = 3, .bound = 2, .strategy = "mix" };
    o.schedules = strcmp(variant, "safe") == 0 ? CHECK_SAFE_SCHEDULES : CHECK_UNSAFE_SCHEDULES;
    char *origin = rk_exercise_origin(x.c.dir); /* every copy of an exercise: the same schedules */
    o.seed = rk_explore_case_seed(origin ? origin : x.c.id);
    free(origin);
    o.timeout_s = x.meta.timeout;
    o.total_s = o.timeout_s * 3 + 0.05 * (double)o.schedules + 60;
    v->schedules = o.schedules;
    v->seed = o.seed;
    rk_xrun r;
    if (rk_explore_run(x.built.binary, x.c.dir, &o, &r) < 0 || r.run_error) {
        not_judged(v, rk_xasprintf("the scheduler could not run it: %s", r.run_error ? r.run_error : "?"));
    } else {
        rk_xconclusion c;
        if (rk_explore_conclude(&x, &o, &r, start, &c) < 0) {
            rk_xconclusion_free(&c);
            rk_xrun_free(&r);
            rk_xcase_free(&x);
            return -1;
        }
        v->judged = !c.skip;
        v->pass = c.pass;
        v->found = strcmp(c.outcome, "clean") != 0 && strcmp(c.outcome, "error") != 0;
        snprintf(v->outcome, sizeof v->outcome, "%s", c.outcome);
        snprintf(v->strategy, sizeof v->strategy, "%s", r.strategy);
        v->tried = r.tried;
        v->index = r.index;
        v->reason = with_deadlock(c.reason, &c.dead), c.reason = NULL;
        if (v->found && r.schedule)
            v->replay = rk_xasprintf("racekit replay %s %s --schedule %s", x.c.id, variant, r.schedule);
        rk_xconclusion_free(&c);
    }
    v->duration_s = rk_now() - start;
    rk_xrun_free(&r);
    rk_xcase_free(&x);
    return 0;
}

void rk_xverdict_free(rk_xverdict *v)
{
    free(v->reason);
    free(v->replay);
    memset(v, 0, sizeof *v);
}
