/* result.c - write result files (see result.h). */
#define _POSIX_C_SOURCE 200809L
#include "result.h"
#include "util/util.h"

#include <string.h>
#include <time.h>

static void put_list(rk_jw *w, const char *key, const rk_strlist *l)
{
    rk_jw_key(w, key);
    rk_jw_array(w);
    for (int i = 0; l && i < l->n; i++)
        rk_jw_str(w, l->items[i]);
    rk_jw_end(w);
}

static void put_frame(rk_jw *w, const rk_frame *f)
{
    rk_jw_key(w, "file");
    rk_jw_str(w, rk_basename(f->file));
    rk_jw_key(w, "path");
    rk_jw_str(w, f->file);
    rk_jw_key(w, "line");
    rk_jw_int(w, f->line);
    rk_jw_key(w, "function");
    rk_jw_str(w, f->function);
}

static void put_reports(rk_jw *w, const rk_report_list *reports)
{
    rk_jw_key(w, "reports");
    rk_jw_array(w);
    for (int i = 0; reports && i < reports->n; i++) {
        const rk_report *r = &reports->items[i];
        rk_jw_object(w);
        rk_jw_key(w, "kind");
        rk_jw_str(w, r->kind);
        rk_jw_key(w, "accesses");
        rk_jw_array(w);
        for (int j = 0; j < r->n_accesses; j++) {
            rk_jw_object(w);
            put_frame(w, &r->accesses[j].frame);
            rk_jw_key(w, "thread");
            rk_jw_int(w, r->accesses[j].thread);
            rk_jw_key(w, "write");
            rk_jw_bool(w, r->accesses[j].write);
            rk_jw_key(w, "atomic");
            rk_jw_bool(w, r->accesses[j].atomic);
            rk_jw_end(w);
        }
        rk_jw_end(w);
        rk_jw_key(w, "locations");
        rk_jw_array(w);
        for (int j = 0; j < r->n_locations; j++) {
            rk_jw_object(w);
            put_frame(w, &r->locations[j]);
            rk_jw_end(w);
        }
        rk_jw_end(w);
        rk_jw_end(w);
    }
    rk_jw_end(w);
}

static void put_text(rk_jw *w, const char *key, const char *s, size_t len)
{
    rk_jw_key(w, key);
    rk_jw_strn(w, s ? s : "", len > RK_RESULT_TEXT_CAP ? RK_RESULT_TEXT_CAP : len);
}

static void put_run(rk_jw *w, const rk_run *run)
{
    rk_jw_key(w, "exit");
    if (run == NULL) {
        rk_jw_null(w);
        return;
    }
    static const char *const ends[] = { "exit", "signal", "timeout", "spawn-error" };
    rk_jw_object(w);
    rk_jw_key(w, "end");
    rk_jw_str(w, ends[run->end]);
    rk_jw_key(w, "status");
    rk_jw_int(w, run->status);
    rk_jw_key(w, "max_rss_kb");
    rk_jw_int(w, run->max_rss_kb);
    rk_jw_key(w, "stdout_bytes");
    rk_jw_int(w, (long long)run->out_total);
    rk_jw_key(w, "stderr_bytes");
    rk_jw_int(w, (long long)run->err_total);
    static const char *const limits[] = { NULL, "memory", "tasks" };
    rk_jw_key(w, "limit");
    rk_jw_str(w, limits[run->limit]);
    rk_jw_key(w, "orphans_killed");
    rk_jw_int(w, run->orphans);
    rk_jw_end(w);
    put_text(w, "stdout", run->out.buf, run->out.len);
    put_text(w, "stderr", run->err.buf, run->err.len);
}

static void put_counts(rk_jw *w, const rk_result *r)
{
    rk_jw_key(w, "outcome_counts");
    rk_jw_object(w);
    for (int o = 0; o <= RK_OUT_BUILD_ERROR; o++)
        if (r->outcome_counts[o]) {
            rk_jw_key(w, rk_outcome_name((rk_outcome)o));
            rk_jw_int(w, r->outcome_counts[o]);
        }
    rk_jw_end(w);
}

static void put_witness(rk_jw *w, const rk_witness *wt)
{
    rk_jw_key(w, "witness");
    if (wt == NULL) {
        rk_jw_null(w);
        return;
    }
    rk_jw_object(w);
    const struct { const char *key; int value; } counts[] = {
        { "runs", wt->runs }, { "bug_runs", wt->bug_runs }, { "invariant_runs", wt->invariant_runs },
        { "output_runs", wt->output_runs }, { "hang_runs", wt->hang_runs }, { "crash_runs", wt->crash_runs },
    };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        rk_jw_key(w, counts[i].key);
        rk_jw_int(w, counts[i].value);
    }
    rk_jw_key(w, "output_compared");
    rk_jw_bool(w, wt->output_compared);
    rk_jw_key(w, "duration_s");
    rk_jw_double(w, wt->duration_s);
    rk_jw_key(w, "max_rss_kb");
    rk_jw_int(w, wt->max_rss_kb);
    rk_jw_end(w);
}

/* "unseen": [{"call": "thrd_create", "line": 14, "instead": "pthread_create"}] */
static void put_unseen(rk_jw *w, const rk_unseen *u)
{
    rk_jw_key(w, "unseen");
    rk_jw_array(w);
    for (int i = 0; u && i < u->n; i++) {
        rk_jw_object(w);
        rk_jw_key(w, "call");
        rk_jw_str(w, u->calls[i].call);
        rk_jw_key(w, "line");
        if (u->calls[i].line > 0)
            rk_jw_int(w, u->calls[i].line);
        else
            rk_jw_null(w);
        rk_jw_key(w, "instead");
        rk_jw_str(w, u->calls[i].instead);
        rk_jw_end(w);
    }
    rk_jw_end(w);
}

/* What racekit's scheduler concluded (docs/results.md, "scheduler"). */
static void put_scheduler(rk_jw *w, const rk_xverdict *v)
{
    rk_jw_key(w, "scheduler");
    if (v == NULL) {
        rk_jw_null(w);
        return;
    }
    rk_jw_object(w);
    rk_jw_key(w, "verdict");
    rk_jw_str(w, !v->judged ? "not judged" : v->pass ? "pass" : "fail");
    rk_jw_key(w, "outcome");
    rk_jw_str(w, v->outcome[0] ? v->outcome : NULL);
    rk_jw_key(w, "reason");
    rk_jw_str(w, v->reason);
    rk_jw_key(w, "strategy");
    rk_jw_str(w, "mix");
    rk_jw_key(w, "seed");
    rk_jw_int(w, (long long)v->seed);
    rk_jw_key(w, "schedules");
    rk_jw_int(w, (long long)v->schedules);
    rk_jw_key(w, "tried");
    rk_jw_int(w, (long long)v->tried);
    rk_jw_key(w, "found_at");
    if (v->found)
        rk_jw_int(w, (long long)v->index + 1);
    else
        rk_jw_null(w);
    rk_jw_key(w, "replay");
    rk_jw_str(w, v->replay);
    rk_jw_key(w, "duration_s");
    rk_jw_double(w, v->duration_s);
    rk_jw_end(w);
}

void rk_result_json(const rk_result *r, rk_strbuf *out)
{
    rk_jw w = rk_jw_start(out, 1);
    rk_jw_object(&w);
    rk_jw_key(&w, "schema");
    rk_jw_int(&w, RK_RESULT_SCHEMA);
    rk_jw_key(&w, "case");
    rk_jw_str(&w, r->case_id);
    rk_jw_key(&w, "variant");
    rk_jw_str(&w, r->variant);
    rk_jw_key(&w, "detector");
    rk_jw_str(&w, r->detector);
    rk_jw_key(&w, "compiler");
    rk_jw_str(&w, r->compiler);
    rk_jw_key(&w, "title");
    rk_jw_str(&w, r->title);
    rk_jw_key(&w, "source");
    rk_jw_str(&w, r->source);
    put_list(&w, "expect", r->expect);
    rk_jw_key(&w, "outcome");
    rk_jw_str(&w, rk_outcome_name(r->outcome));
    put_list(&w, "kinds", r->kinds);
    put_list(&w, "unexpected_kinds", r->unexpected_kinds);
    put_list(&w, "warnings", r->warnings);
    put_unseen(&w, r->unseen);
    rk_jw_key(&w, "verdict");
    rk_jw_str(&w, r->verdict);
    rk_jw_key(&w, "reason");
    rk_jw_str(&w, r->reason);
    rk_jw_key(&w, "judged_by");
    rk_jw_str(&w, r->judged_by ? r->judged_by : "check");
    put_scheduler(&w, r->scheduler);
    rk_jw_key(&w, "runs");
    rk_jw_int(&w, r->runs);
    rk_jw_key(&w, "runs_detected");
    rk_jw_int(&w, r->runs_detected);
    rk_jw_key(&w, "runs_passed");
    rk_jw_int(&w, r->runs_passed);
    put_counts(&w, r);
    rk_jw_key(&w, "duration_s");
    rk_jw_double(&w, r->duration_s);
    rk_jw_key(&w, "total_s");
    rk_jw_double(&w, r->total_s);
    put_reports(&w, r->reports);
    rk_jw_key(&w, "line_match");
    if (r->line_match < 0)
        rk_jw_null(&w);
    else
        rk_jw_bool(&w, r->line_match);
    rk_jw_key(&w, "race_lines");
    rk_jw_array(&w);
    for (int i = 0; r->markers && i < r->markers->n; i++)
        rk_jw_int(&w, r->markers->lines[i]);
    rk_jw_end(&w);
    rk_jw_key(&w, "tsan_options");
    rk_jw_str(&w, r->tsan_options);
    rk_jw_key(&w, "aslr_disabled");
    rk_jw_bool(&w, r->aslr_disabled);
    rk_jw_key(&w, "state_protected");
    rk_jw_bool(&w, r->state_protected);
    rk_jw_key(&w, "exercise");
    rk_jw_bool(&w, r->exercise);
    rk_jw_key(&w, "thread_work");
    if (r->work_measured) {
        rk_jw_object(&w);
        rk_jw_key(&w, "writes");
        rk_jw_int(&w, r->work_writes);
        rk_jw_key(&w, "outputs");
        rk_jw_int(&w, r->work_outputs);
        rk_jw_end(&w);
    } else {
        rk_jw_null(&w);
    }
    rk_jw_key(&w, "build");
    rk_jw_object(&w);
    rk_jw_key(&w, "cached");
    rk_jw_bool(&w, r->build_cached);
    rk_jw_key(&w, "duration_s");
    rk_jw_double(&w, r->build_s);
    put_text(&w, "log", r->build_log, r->build_log ? strlen(r->build_log) : 0);
    rk_jw_end(&w);
    put_run(&w, r->run);
    rk_jw_key(&w, "stacks");
    rk_jw_str(&w, r->stacks);
    put_witness(&w, r->witness);
    rk_jw_key(&w, "time");
    rk_jw_int(&w, (long long)time(NULL));
    rk_jw_end(&w);
}

int rk_result_write(const rk_result *r, const char *path)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_result_json(r, &sb);
    int rc = rk_write_file_atomic(path, sb.buf, sb.len);
    rk_sb_free(&sb);
    return rc;
}
