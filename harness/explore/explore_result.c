/* explore_result.c - the result file of `racekit explore`, `replay` and
 * `step` (see explore.h; the fields are in docs/results.md). */
#include "explore.h"

#include "util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Each text line of `text` as one string of a JSON array. */
static void lines_array(rk_jw *w, const char *text)
{
    rk_jw_array(w);
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n)
            rk_jw_strn(w, p, n);
        p = nl ? nl + 1 : p + n;
    }
    rk_jw_end(w);
}

static void timeline_array(rk_jw *w, const rk_timeline *t)
{
    rk_jw_array(w);
    for (size_t i = 0; t && i < t->n; i++) {
        const rk_xrow *row = &t->rows[i];
        rk_jw_object(w);
        rk_jw_key(w, "thread");
        rk_jw_int(w, row->thread);
        rk_jw_key(w, "file");
        rk_jw_str(w, row->file);
        rk_jw_key(w, "line");
        rk_jw_int(w, row->line);
        rk_jw_key(w, "op");
        rk_jw_str(w, row->op);
        rk_jw_end(w);
    }
    rk_jw_end(w);
}

int rk_explore_result_save(const rk_explore_result *res)
{
    char *path = rk_xasprintf("%s/results/explore/%s/%s%s.json", rk_paths_get()->build_dir, res->case_id,
                              res->variant, strcmp(res->mode, "step") == 0 ? ".step" : "");
    const rk_xrun *r = res->run;
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_jw w = rk_jw_start(&sb, 1);
    rk_jw_object(&w);
    rk_jw_key(&w, "case");
    rk_jw_str(&w, res->case_id);
    rk_jw_key(&w, "variant");
    rk_jw_str(&w, res->variant);
    rk_jw_key(&w, "mode");
    rk_jw_str(&w, res->mode);
    rk_jw_key(&w, "pass");
    rk_jw_bool(&w, res->pass);
    rk_jw_key(&w, "skip");
    rk_jw_bool(&w, res->skip);
    rk_jw_key(&w, "reason");
    rk_jw_str(&w, res->reason);
    rk_jw_key(&w, "found");
    rk_jw_bool(&w, strcmp(res->outcome, "clean") != 0);
    rk_jw_key(&w, "outcome");
    rk_jw_str(&w, res->outcome);
    rk_jw_key(&w, "schedules");
    rk_jw_int(&w, (long long)r->tried);
    rk_jw_key(&w, "seed");
    rk_jw_int(&w, (long long)res->opts->seed);
    rk_jw_key(&w, "depth");
    rk_jw_int(&w, res->opts->depth);
    rk_jw_key(&w, "strategy");
    rk_jw_str(&w, r->have_run ? r->strategy : res->opts->strategy);
    rk_jw_key(&w, "bound_completed"); /* the bounded search: null when it did not run */
    if (r->bounded)
        rk_jw_int(&w, r->bound_completed);
    else
        rk_jw_null(&w);
    rk_jw_key(&w, "bound_schedules");
    if (r->bounded)
        rk_jw_int(&w, (long long)r->bound_schedules);
    else
        rk_jw_null(&w);
    rk_jw_key(&w, "schedule_index");
    r->have_run ? rk_jw_int(&w, (long long)r->index) : rk_jw_null(&w);
    rk_jw_key(&w, "schedule_seed");
    r->have_run ? rk_jw_int(&w, (long long)r->seed) : rk_jw_null(&w);
    rk_jw_key(&w, "schedule");
    rk_jw_str(&w, r->have_run ? r->schedule : NULL);
    rk_jw_key(&w, "steps");
    rk_jw_int(&w, (long long)(r->have_run ? r->steps : 0));
    rk_jw_key(&w, "end");
    rk_jw_str(&w, r->have_run ? r->end : NULL);
    rk_jw_key(&w, "detail");
    rk_jw_str(&w, r->have_run && r->detail && *r->detail ? r->detail : NULL);
    rk_jw_key(&w, "invariant");
    rk_jw_str(&w, r->invariant);
    rk_jw_key(&w, "deadlock");
    lines_array(&w, res->deadlock);
    rk_jw_key(&w, "timeline");
    timeline_array(&w, res->timeline);
    rk_jw_key(&w, "timeline_steps");
    rk_jw_int(&w, res->timeline ? (long long)res->timeline->total : 0);
    rk_jw_key(&w, "duration_s");
    rk_jw_double(&w, res->duration_s);
    rk_jw_key(&w, "schedules_per_s");
    rk_jw_double(&w, r->micros ? (double)r->tried * 1e6 / (double)r->micros : 0.0);
    rk_jw_end(&w);
    rk_sb_puts(&sb, "\n");
    char *dir = rk_xstrndup(path, (size_t)(strrchr(path, '/') - path));
    int rc = rk_mkdir_p(dir) == 0 ? rk_write_file_atomic(path, sb.buf, sb.len) : -1;
    if (rc < 0)
        rk_error("%s: cannot write the result: %s", path, strerror(errno));
    free(dir);
    free(path);
    rk_sb_free(&sb);
    return rc;
}
