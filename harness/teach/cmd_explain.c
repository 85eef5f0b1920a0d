/* cmd_explain.c - `racekit explain [--detector NAME] <topic>/<name>`: walk
 * through a case the way a tutor would in a terminal: the lesson, the diff
 * between the variants (the fix), then the last result of each variant with
 * every reported access shown as its source line, thread and read/write,
 * and the explored schedules' timelines (explain_explore.c). */
#define _POSIX_C_SOURCE 200809L
#include "case/case.h"
#include "teach.h"
#include "util/util.h"
#include "explain_explore.h"
#include "results/results.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { SOURCE_MAX = 4 << 20, RESULT_MAX = 16 << 20, DIFF_CONTEXT = 3 };

struct options {
    const char *detector;
    const char *case_arg;
};

enum { OPT_DETECTOR };
static const rk_option options[] = {
    [OPT_DETECTOR] = { "--detector", NULL, "NAME",
                       "show the results of this detector (default tsan; docs/detectors.md)" },
    { NULL },
};

const rk_command rk_explain_command = {
    "explain", "<topic>/<name>", "walk through a case: the lesson, the fix as a diff, the last results",
    "Each reported access of the last results is shown as its source line, thread and read or write, then the "
    "explored schedules' timelines. <topic>/<name> may also be the case's folder.",
    1, 1, options,
};

/* Fill *o from argv; RK_OPTS_GO_ON, or the exit status after --help or a mistake. */
static int parse_args(int argc, char **argv, struct options *o)
{
    o->detector = "tsan";
    o->case_arg = NULL;
    rk_opts p;
    rk_opts_start(&p, &rk_explain_command, argc, argv);
    for (int k; (k = rk_opts_next(&p)) != RK_OPT_END;) {
        if (k == OPT_DETECTOR && !rk_is_detector_name(p.value)) {
            rk_opt_fail(&p, "unknown detector '%s' (known: %s)", p.value, rk_detector_names_help());
            return p.status;
        } else if (k == OPT_DETECTOR) {
            o->detector = p.value;
        } else if (k == RK_OPT_OPERAND) {
            o->case_arg = p.value;
        } else {
            return p.status;
        }
    }
    return RK_OPTS_GO_ON;
}

/* Line `n` (1-based) of `text`, without its newline and leading blanks;
 * NULL when there is no such line. Points into `text`; its length goes to
 * *len. */
static const char *nth_line(const char *text, int n, size_t *len)
{
    if (text == NULL || n < 1)
        return NULL;
    const char *p = text;
    for (int i = 1; i < n; i++) {
        p = strchr(p, '\n');
        if (p == NULL)
            return NULL;
        p++;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    *len = strcspn(p, "\n");
    return p;
}

/* The text of both variants, to quote the lines a report points at. */
struct sources {
    char *text[2]; /* unsafe.c, safe.c */
};

static const char *source_of(const struct sources *s, const char *file)
{
    const char *base = rk_basename(file);
    return strcmp(base, "unsafe.c") == 0 ? s->text[0] : strcmp(base, "safe.c") == 0 ? s->text[1] : NULL;
}

/* "    main thread  write  unsafe.c:18   counter++; // RACE" */
static void print_frame(const struct sources *s, const char *who, const rk_frame *f)
{
    size_t len = 0;
    const char *code = nth_line(source_of(s, f->file), f->line, &len);
    char *where = rk_xasprintf("%s:%d", rk_basename(f->file), f->line);
    printf("    %-19s %-14s", who, where);
    if (code)
        printf(" %.*s\n", (int)len, code);
    else
        printf(" (in %s)\n", f->function ? f->function : "??");
    free(where);
}

static void print_reports(const rk_row *row, const struct sources *s)
{
    for (int i = 0; i < row->reports.n; i++) {
        const rk_report *r = &row->reports.items[i];
        printf("  %s:\n", r->kind);
        for (int j = 0; j < r->n_accesses; j++) {
            const rk_access *a = &r->accesses[j];
            char *who = a->thread == 0 ? rk_xasprintf("main thread %s", a->write ? "write" : "read")
                                       : rk_xasprintf("thread T%d %s", a->thread, a->write ? "write" : "read");
            print_frame(s, who, &a->frame);
            free(who);
        }
        for (int j = 0; r->n_accesses == 0 && j < r->n_locations; j++)
            print_frame(s, "at", &r->locations[j]);
    }
}

/* 1 when `source` changed after `result` was written: its line numbers may
 * no longer match. */
static int is_stale(const char *result, const char *source)
{
    struct stat r, s;
    if (stat(result, &r) != 0 || stat(source, &s) != 0)
        return 0;
    return s.st_mtim.tv_sec > r.st_mtim.tv_sec ||
           (s.st_mtim.tv_sec == r.st_mtim.tv_sec && s.st_mtim.tv_nsec > r.st_mtim.tv_nsec);
}

/* The last result of one variant, or how to get one. */
static void print_result(const rk_case *c, const char *detector, const char *variant, const struct sources *s)
{
    char *path = rk_xasprintf("%s/results/%s/%s/%s.json", rk_paths_get()->build_dir, detector, c->id, variant);
    size_t len;
    char *text = rk_read_file(path, RESULT_MAX, &len);
    rk_row row;
    char err[1024];
    if (text == NULL) {
        printf("%s: no result yet (%s); run: %s check %s %s\n", variant,
               errno == ENOENT ? "not checked" : strerror(errno), rk_prog(), c->id, variant);
    } else if (rk_row_parse(path, NULL, text, len, &row, err, sizeof err) < 0) {
        printf("%s: the result file cannot be read: %s\n", variant, err);
    } else {
        printf("%s: %s - %s\n", variant, strcmp(row.verdict, "pass") == 0 ? "PASS" : "FAIL", row.reason);
        printf("  outcome %s", rk_outcome_name(row.outcome));
        if (row.runs > 1)
            printf(", %d of %d runs passed", row.runs_passed, row.runs);
        if (row.duration_s == row.duration_s) /* not NaN */
            printf(", median run %.3f s", row.duration_s);
        printf(" (%s)\n", path);
        if (is_stale(path, row.source))
            printf("  (%s changed since this result: line numbers may be off; run the check again)\n",
                   rk_basename(row.source));
        print_reports(&row, s);
        rk_row_free(&row);
    }
    free(text);
    free(path);
}

static void print_diff(const struct sources *s)
{
    rk_diff d;
    const char *a = s->text[0] ? s->text[0] : "", *b = s->text[1] ? s->text[1] : "";
    if (rk_diff_lines(a, strlen(a), b, strlen(b), &d) < 0) {
        printf("(the variants are too long to diff)\n");
        return;
    }
    printf("== The fix: unsafe.c -> safe.c (+%d -%d lines) ==\n", d.added, d.deleted);
    rk_strbuf out = RK_STRBUF_INIT;
    rk_diff_unified(&d, a, strlen(a), b, strlen(b), DIFF_CONTEXT, "unsafe.c", "safe.c", &out);
    fputs(rk_sb_cstr(&out), stdout);
    rk_sb_free(&out);
    rk_diff_free(&d);
}

/* The README after its front matter. */
static void print_lesson(const rk_case *c, const rk_meta *meta)
{
    char *readme = rk_case_file(c, "README.md");
    char *text = rk_read_file(readme, RK_META_MAX_BYTES, NULL);
    size_t len = 0;
    const char *body = text ? nth_line(text, meta->body_line, &len) : NULL;
    printf("== %s: %s ==\n", c->id, meta->title);
    char *expect = rk_sl_join(&meta->expect, ", ");
    printf("expect: %s\n\n", expect);
    free(expect);
    if (body)
        fputs(body, stdout);
    printf("\n");
    free(text);
    free(readme);
}

int rk_cmd_explain(int argc, char **argv)
{
    struct options o;
    int status = parse_args(argc, argv, &o);
    if (status != RK_OPTS_GO_ON)
        return status;
    rk_case c;
    rk_meta meta;
    if (rk_case_open(o.case_arg, &c, &meta) < 0)
        return RK_EXIT_USAGE;
    struct sources s;
    for (int v = 0; v < 2; v++) {
        char *path = rk_case_file(&c, v == 0 ? "unsafe.c" : "safe.c");
        s.text[v] = rk_read_file(path, SOURCE_MAX, NULL);
        free(path);
    }
    print_lesson(&c, &meta);
    print_diff(&s);
    printf("\n== Last results ==\n");
    print_result(&c, o.detector, "unsafe", &s);
    print_result(&c, o.detector, "safe", &s);
    rk_explain_explored(c.id, rk_meta_expect_for(&meta, "tsan"));
    free(s.text[0]);
    free(s.text[1]);
    rk_meta_free(&meta);
    rk_case_free(&c);
    return RK_EXIT_PASS;
}
