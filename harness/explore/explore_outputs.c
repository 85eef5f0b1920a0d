/* explore_outputs.c - every output a variant can print, as the scheduler
 * finds them: the bounded search first (every schedule within its bound,
 * when that fits in its budget), else a fixed budget of `mix` schedules
 * (see explore.h, rk_explore_outputs). */
#include "explore.h"
#include "runtime/explore_proto.h"

#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SEARCH_BUDGET = 3000, MIX_BUDGET = 2000, SEARCH_BOUND = 2 };

/* Order outputs by their bytes, shorter first when one is the other's start. */
static int by_bytes(const void *a, const void *b)
{
    const rk_xoutput *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->data, y->data, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static int known(const rk_xoutputs *s, const rk_xoutput *o)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].len == o->len && s->v[i].total == o->total && memcmp(s->v[i].data, o->data, o->len) == 0)
            return 1;
    return 0;
}

/* Move run r's outputs into the set (those it holds already stay with r). */
static void take(rk_xoutputs *s, rk_xrun *r)
{
    for (size_t i = 0; i < r->n_outputs; i++) {
        rk_xoutput *o = &r->outputs[i];
        if (o->total > o->len)
            s->cut = 1;
        if (known(s, o))
            continue;
        s->v = rk_xrealloc(s->v, (s->n + 1) * sizeof *s->v);
        s->v[s->n++] = *o;
        o->data = NULL;
    }
    s->more |= r->outputs_more;
}

/* One scheduler run of x; -1 with s->failure set when a schedule failed or
 * the scheduler could not run it. */
static int run_once(const rk_xcase *x, rk_xopts *o, int max, rk_xoutputs *s, rk_xrun *r)
{
    o->outputs = max + 1; /* one more than kept: "more" then says the set is larger */
    o->timeout_s = x->meta.timeout;
    o->total_s = o->timeout_s * 3 + 0.05 * (double)o->schedules + 120;
    if (rk_explore_run(x->built.binary, x->c.dir, o, r) < 0 || r->run_error) {
        s->failure = rk_xasprintf("the scheduler could not run it: %s", r->run_error ? r->run_error : "?");
        return -1;
    }
    const char *outcome = rk_explore_outcome(r);
    if (r->have_run && strcmp(outcome, "clean") != 0) {
        char *end = rk_explore_end_text(r, outcome, " (", ")");
        s->failure = strcmp(outcome, "error") == 0
                         ? rk_xasprintf("the scheduler cannot run it: %s", end)
                         : rk_xasprintf("schedule %llu fails: %s", (unsigned long long)r->index + 1, end);
        s->failed = strcmp(outcome, "error") != 0;
        free(end);
        return -1;
    }
    s->schedules += r->tried;
    take(s, r);
    if (s->n > (size_t)max)
        s->more = 1;
    return 0;
}

int rk_explore_outputs(const char *case_dir, const char *variant, const char *cases_root, int max,
                       rk_xoutputs *s)
{
    memset(s, 0, sizeof *s);
    rk_xcase x;
    int rc = rk_xcase_open(&x, case_dir, variant, cases_root);
    if (rc != RK_EXIT_PASS || !x.built.ok) {
        s->failure = rk_xstrdup(rc == RK_EXIT_SKIP ? "the scheduler cannot run here"
                                                   : "the variant does not build for the scheduler");
        rk_xcase_free(&x);
        return rc == RK_EXIT_USAGE ? -1 : 0;
    }
    rk_xopts o = { .mode = "explore", .depth = 3, .bound = SEARCH_BOUND, .strategy = "bounded" };
    o.schedules = SEARCH_BUDGET;
    o.seed = rk_explore_case_seed(x.c.id);
    rk_xrun r;
    if (run_once(&x, &o, max, s, &r) == 0) {
        s->complete = r.bounded && r.bound_completed >= SEARCH_BOUND && !r.bound_cut;
        s->bound = SEARCH_BOUND;
        if (!s->complete && !s->more) {
            rk_xrun_free(&r);
            o.strategy = "mix";
            o.schedules = MIX_BUDGET;
            run_once(&x, &o, max, s, &r);
        }
    }
    rk_xrun_free(&r);
    rk_xcase_free(&x);
    if (s->n)
        qsort(s->v, s->n, sizeof *s->v, by_bytes);
    return 0;
}

void rk_xoutputs_free(rk_xoutputs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].data);
    free(s->v);
    free(s->failure);
    memset(s, 0, sizeof *s);
}
