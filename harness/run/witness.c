/* witness.c - uninstrumented witness runs (see witness.h). */
#define _POSIX_C_SOURCE 200809L
#include "witness.h"
#include "build/build.h"
#include "util/util.h"
#include "sandbox/sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

enum { INVARIANT_STATUS = 86 }; /* RACEKIT_INVARIANT_STATUS in racekit.h */

/* Build one variant plainly; the binary's path (caller frees) or NULL. */
static char *build_plain(const rk_case *c, const rk_meta *meta, const char *variant,
                         char *err, size_t errlen)
{
    rk_build b;
    rk_build_result res;
    char *source = rk_xasprintf("%s/%s.c", c->dir, variant);
    rk_variant_build_init(&b, NULL, rk_paths_get()->cc, "witness", c->topic, c->name, variant,
                          meta->cflags, NULL);
    char *bin = NULL;
    if (rk_compile(&b, source, &res) == 0 && res.ok)
        bin = rk_xstrdup(res.binary);
    else
        snprintf(err, errlen, "%s: the witness build failed: %.200s", source, rk_sb_cstr(&res.diagnostics));
    rk_build_result_free(&res);
    rk_tsan_build_free(&b);
    free(source);
    return bin;
}

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The program's output as sorted lines, so threads printing in another
 * order do not count as a difference: "a\nb\n" -> "a\nb". Caller frees. */
static char *sorted_lines(const rk_strbuf *out)
{
    rk_strlist l = RK_STRLIST_INIT;
    char *text = rk_xstrndup(rk_sb_cstr(out), out->len), *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        rk_sl_add(&l, line);
    qsort(l.items, (size_t)l.n, sizeof *l.items, cmp_lines);
    char *joined = rk_sl_join(&l, "\n");
    rk_sl_free(&l);
    free(text);
    return joined;
}

static int run_plain(const char *bin, double timeout_s, rk_run *r)
{
    char *argv[] = { (char *)bin, NULL };
    rk_spawn_opts o = RK_SPAWN_OPTS_INIT;
    o.argv = argv;
    o.envp = environ;
    o.timeout_s = timeout_s;
    return rk_spawn(&o, r);
}

enum { REFERENCE_RUNS = 20 };

/* The reference outputs: those of REFERENCE_RUNS runs of safe.c that end
 * cleanly, each distinct one once (a correct program whose threads print in
 * another order, or print timings, may vary). Empty when none ends cleanly. */
static void reference_outputs(const char *safe_bin, double timeout_s, rk_strlist *refs)
{
    for (int i = 0; i < REFERENCE_RUNS; i++) {
        rk_run r;
        if (run_plain(safe_bin, timeout_s, &r) < 0)
            return;
        if (r.end == RK_END_EXIT && r.status == 0) {
            char *out = sorted_lines(&r.out);
            if (!rk_sl_contains(refs, out))
                rk_sl_add(refs, out);
            free(out);
        }
        rk_run_free(&r);
    }
}

/* Tally one run. */
static void count_run(const rk_run *r, const rk_strlist *refs, rk_witness *w, double *durations)
{
    int bug = 0;
    durations[w->runs++] = r->duration_s;
    if (r->max_rss_kb > w->max_rss_kb)
        w->max_rss_kb = r->max_rss_kb;
    if (r->end == RK_END_TIMEOUT)
        bug = ++w->hang_runs;
    else if (r->end == RK_END_EXIT && r->status == INVARIANT_STATUS)
        bug = ++w->invariant_runs;
    else if (r->end != RK_END_EXIT || r->status != 0)
        bug = ++w->crash_runs;
    else if (refs->n > 0) {
        char *got = sorted_lines(&r->out);
        if (!rk_sl_contains(refs, got))
            bug = ++w->output_runs;
        free(got);
    }
    w->bug_runs += bug != 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int rk_witness_run(const rk_case *c, const rk_meta *meta, const char *variant, int n,
                   rk_witness *w, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    char *bin = build_plain(c, meta, variant, err, errlen);
    char *safe_bin = bin ? build_plain(c, meta, "safe", err, errlen) : NULL;
    if (safe_bin == NULL) {
        free(bin);
        return -1;
    }
    rk_strlist refs = RK_STRLIST_INIT;
    reference_outputs(safe_bin, meta->timeout, &refs);
    w->output_compared = refs.n > 0;
    double *durations = rk_xcalloc((size_t)n, sizeof *durations);
    for (int i = 0; i < n && w->hang_runs < RK_WITNESS_MAX_HANGS; i++) {
        rk_run r;
        if (run_plain(bin, meta->timeout, &r) < 0)
            break;
        count_run(&r, &refs, w, durations);
        rk_run_free(&r);
    }
    qsort(durations, (size_t)w->runs, sizeof *durations, cmp_double);
    w->duration_s = w->runs ? durations[w->runs / 2] : 0;
    rk_sl_free(&refs);
    free(durations), free(bin), free(safe_bin);
    return 0;
}
