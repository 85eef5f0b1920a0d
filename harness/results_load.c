/* results_load.c - find and read result files (see results_load.h). */
#define _POSIX_C_SOURCE 200809L
#include "results_load.h"
#include "fsutil.h"
#include "json_read.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Result files are at most a few hundred kilobytes (program output is
 * capped at 64 KiB per stream); anything far larger is not one. */
enum { MAX_RESULT_BYTES = 16 << 20, TREE_DEPTH = 4 };

/* ---- fields of one result file ---- */

typedef struct {
    const rk_json *doc;
    const char *file;
    char *err;
    size_t errlen;
    int failed;
} fields;

__attribute__((format(printf, 2, 3)))
static void problem(fields *f, const char *fmt, ...)
{
    if (f->failed)
        return;
    f->failed = 1;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(f->err, f->errlen, "%s: %s", f->file, msg);
}

/* The member `key` of `obj` when it has `type`; NULL when it is absent or
 * null (a problem unless allowed) or of another type (always a problem). */
static const rk_json *member(fields *f, const rk_json *obj, const char *key, rk_json_type type,
                             int required, int nullable)
{
    const rk_json *v = rk_json_get(obj, key);
    if (v == NULL) {
        if (required)
            problem(f, "missing required field '%s'", key);
        return NULL;
    }
    if (v->type == RK_JSON_NULL) {
        if (!nullable)
            problem(f, "field '%s' must be %s %s, not null", key,
                    type == RK_JSON_ARRAY || type == RK_JSON_OBJECT ? "an" : "a", rk_json_type_name(type));
        return NULL;
    }
    if (v->type != type) {
        problem(f, "field '%s' must be %s %s, not %s %s", key,
                type == RK_JSON_ARRAY || type == RK_JSON_OBJECT ? "an" : "a", rk_json_type_name(type),
                v->type == RK_JSON_ARRAY || v->type == RK_JSON_OBJECT ? "an" : "a", rk_json_type_name(v->type));
        return NULL;
    }
    return v;
}

static char *copy_str(const rk_json *v, size_t *len)
{
    char *s = rk_xmalloc(v->len + 1);
    memcpy(s, v->str, v->len + 1);
    if (len)
        *len = v->len;
    return s;
}

/* A string member: a copy, or `fallback` copied (NULL stays NULL). */
static char *str_member(fields *f, const rk_json *obj, const char *key, int required,
                        int nullable, const char *fallback, size_t *len)
{
    const rk_json *v = member(f, obj, key, RK_JSON_STRING, required, nullable);
    if (v)
        return copy_str(v, len);
    if (len)
        *len = fallback ? strlen(fallback) : 0;
    return fallback ? rk_xstrdup(fallback) : NULL;
}

/* A whole number from 0 to INT_MAX; `fallback` when absent and allowed. */
static int int_member(fields *f, const rk_json *obj, const char *key, int required, int fallback)
{
    const rk_json *v = member(f, obj, key, RK_JSON_NUMBER, required, 0);
    if (v == NULL)
        return fallback;
    if (!(v->number >= 0 && v->number <= INT_MAX) || v->number != floor(v->number)) {
        problem(f, "field '%s' must be a whole number from 0, not %g", key, v->number);
        return fallback;
    }
    return (int)v->number;
}

static void strlist_member(fields *f, const rk_json *obj, const char *key, rk_strlist *out)
{
    const rk_json *v = member(f, obj, key, RK_JSON_ARRAY, 1, 0);
    for (int i = 0; v && i < v->n; i++) {
        if (v->items[i].type != RK_JSON_STRING) {
            problem(f, "field '%s' must hold strings, item %d is %s", key, i + 1,
                    rk_json_type_name(v->items[i].type));
            return;
        }
        rk_sl_add(out, v->items[i].str);
    }
}

/* One frame of a report: "path" (else "file"), "line", "function". */
static int frame_fields(fields *f, const rk_json *o, char **file, int *line, char **function)
{
    if (o->type != RK_JSON_OBJECT) {
        problem(f, "field 'reports' must hold objects with accesses and locations");
        return -1;
    }
    *file = str_member(f, o, "path", 0, 1, NULL, NULL);
    if (*file == NULL)
        *file = str_member(f, o, "file", 1, 0, NULL, NULL);
    *line = int_member(f, o, "line", 1, 0);
    *function = str_member(f, o, "function", 0, 1, "??", NULL);
    return f->failed ? -1 : 0;
}

static void report_member(fields *f, const rk_json *o, rk_report_list *list)
{
    const rk_json *kind = member(f, o, "kind", RK_JSON_STRING, 1, 0);
    const rk_json *acc = member(f, o, "accesses", RK_JSON_ARRAY, 1, 0);
    const rk_json *loc = member(f, o, "locations", RK_JSON_ARRAY, 0, 1);
    if (f->failed)
        return;
    rk_report *r = rk_report_new(list, kind->str);
    for (int i = 0; i < acc->n && !f->failed; i++) {
        char *file = NULL, *function = NULL;
        int line;
        const rk_json *a = &acc->items[i];
        if (frame_fields(f, a, &file, &line, &function) == 0) {
            const rk_json *w = rk_json_get(a, "write"), *at = rk_json_get(a, "atomic");
            rk_report_add_access(r, int_member(f, a, "thread", 0, 0),
                                 w && w->type == RK_JSON_BOOL && w->boolean,
                                 at && at->type == RK_JSON_BOOL && at->boolean, function, file, line);
        }
        free(file);
        free(function);
    }
    for (int i = 0; loc && i < loc->n && !f->failed; i++) {
        char *file = NULL, *function = NULL;
        int line;
        if (frame_fields(f, &loc->items[i], &file, &line, &function) == 0)
            rk_report_add_location(r, function, file, line);
        free(file);
        free(function);
    }
}

static void reports_member(fields *f, rk_row *row)
{
    const rk_json *v = member(f, f->doc, "reports", RK_JSON_ARRAY, 1, 0);
    for (int i = 0; v && i < v->n && !f->failed; i++) {
        if (v->items[i].type != RK_JSON_OBJECT) {
            problem(f, "field 'reports' must hold objects, item %d is %s", i + 1,
                    rk_json_type_name(v->items[i].type));
            return;
        }
        report_member(f, &v->items[i], &row->reports);
    }
}

static void race_lines_member(fields *f, rk_row *row)
{
    const rk_json *v = member(f, f->doc, "race_lines", RK_JSON_ARRAY, 0, 1);
    if (v == NULL)
        return;
    row->race_lines = rk_xcalloc((size_t)v->n + 1, sizeof *row->race_lines);
    for (int i = 0; i < v->n; i++) {
        const rk_json *n = &v->items[i];
        if (n->type != RK_JSON_NUMBER || !(n->number >= 1 && n->number <= INT_MAX)) {
            problem(f, "field 'race_lines' must hold line numbers, item %d does not", i + 1);
            return;
        }
        row->race_lines[row->n_race_lines++] = (int)n->number;
    }
}

/* ---- checks of values ---- */

static int outcome_from_name(const char *s, rk_outcome *o)
{
    for (int i = 0; i <= RK_OUT_BUILD_ERROR; i++)
        if (strcmp(s, rk_outcome_name((rk_outcome)i)) == 0) {
            *o = (rk_outcome)i;
            return 0;
        }
    return -1;
}

static int one_of(const char *s, const char *a, const char *b, const char *c)
{
    return strcmp(s, a) == 0 || strcmp(s, b) == 0 || (c && strcmp(s, c) == 0);
}

static int is_case_id(const char *s)
{
    const char *slash = strchr(s, '/');
    if (slash == NULL || slash == s)
        return 0;
    char *topic = rk_xstrndup(s, (size_t)(slash - s));
    int ok = rk_is_word_name(topic) && rk_is_word_name(slash + 1);
    free(topic);
    return ok;
}

static void check_values(fields *f, rk_row *row, const char *outcome)
{
    if (f->failed)
        return;
    if (!is_case_id(row->case_id))
        problem(f, "field 'case' must be \"topic/name\" in lowercase words, not '%s'", row->case_id);
    else if (!one_of(row->variant, "unsafe", "safe", NULL))
        problem(f, "field 'variant' must be \"unsafe\" or \"safe\", not '%s'", row->variant);
    else if (!rk_is_word_name(row->detector))
        problem(f, "field 'detector' must be a lowercase word, not '%s'", row->detector);
    else if (!one_of(row->verdict, "pass", "fail", "skip"))
        problem(f, "field 'verdict' must be \"pass\", \"fail\" or \"skip\", not '%s'", row->verdict);
    else if (outcome && outcome_from_name(outcome, &row->outcome) < 0)
        problem(f, "field 'outcome' has an unknown value '%s' (known: clean, reported, invariant, "
                   "hang, crash, exit, tool-error, build-error)", outcome);
}

/* The file's place in the tree must name the same result as its fields,
 * so a copied or misplaced file cannot pass for another case. */
static void check_place(fields *f, const rk_row *row, const char *rel)
{
    if (f->failed || rel == NULL)
        return;
    char *want = rk_xasprintf("%s/%s/%s.json", row->detector, row->case_id, row->variant);
    if (strcmp(want, rel) != 0)
        problem(f, "its fields name %s/%s/%s but the file sits at %s (want %s)", row->detector,
                row->case_id, row->variant, rel, want);
    free(want);
}

static void fill_row(fields *f, rk_row *row, const char *rel)
{
    const rk_json *d = f->doc;
    row->case_id = str_member(f, d, "case", 1, 0, NULL, NULL);
    row->variant = str_member(f, d, "variant", 1, 0, NULL, NULL);
    row->detector = str_member(f, d, "detector", 1, 0, NULL, NULL);
    if (rk_json_get(d, "compiler") == NULL)
        problem(f, "missing required field 'compiler'");
    row->compiler = str_member(f, d, "compiler", 0, 1, NULL, NULL);
    row->title = str_member(f, d, "title", 0, 1, "", NULL);
    row->source = str_member(f, d, "source", 0, 1, "", NULL);
    strlist_member(f, d, "expect", &row->expect);
    char *outcome = str_member(f, d, "outcome", 1, 0, NULL, NULL);
    strlist_member(f, d, "kinds", &row->kinds);
    row->verdict = str_member(f, d, "verdict", 1, 0, NULL, NULL);
    row->reason = str_member(f, d, "reason", 1, 0, NULL, NULL);
    row->runs = int_member(f, d, "runs", 1, 0);
    row->runs_detected = int_member(f, d, "runs_detected", 1, 0);
    row->runs_passed = int_member(f, d, "runs_passed", 0, 0);
    if (rk_json_get(d, "duration_s") == NULL)
        problem(f, "missing required field 'duration_s'");
    const rk_json *dur = member(f, d, "duration_s", RK_JSON_NUMBER, 0, 1);
    row->duration_s = dur ? dur->number : NAN;
    reports_member(f, row);
    const rk_json *lm = rk_json_get(d, "line_match");
    if (lm == NULL)
        problem(f, "missing required field 'line_match'");
    else if (lm->type != RK_JSON_BOOL && lm->type != RK_JSON_NULL)
        problem(f, "field 'line_match' must be true, false or null, not %s", rk_json_type_name(lm->type));
    row->line_match = lm && lm->type == RK_JSON_BOOL ? lm->boolean : -1;
    race_lines_member(f, row);
    row->tsan_options = str_member(f, d, "tsan_options", 0, 1, "", NULL);
    row->out = str_member(f, d, "stdout", 0, 1, "", &row->out_len);
    row->err = str_member(f, d, "stderr", 0, 1, "", &row->err_len);
    const rk_json *build = member(f, d, "build", RK_JSON_OBJECT, 0, 1);
    row->build_log = str_member(f, build, "log", 0, 1, "", NULL);
    row->stacks = str_member(f, d, "stacks", 0, 1, NULL, NULL);
    check_values(f, row, outcome);
    check_place(f, row, rel);
    free(outcome);
}

int rk_row_parse(const char *file, const char *rel, const char *text, size_t len,
                 rk_row *row, char *err, size_t errlen)
{
    memset(row, 0, sizeof *row);
    rk_json doc;
    rk_json_error je;
    if (rk_json_parse(text, len, &doc, &je) < 0) {
        snprintf(err, errlen, "%s:%d: not valid JSON: %s (byte %zu)", file, je.line, je.message, je.offset);
        return -1;
    }
    fields f = { &doc, file, err, errlen, 0 };
    if (doc.type != RK_JSON_OBJECT)
        problem(&f, "a result file holds one JSON object, not %s", rk_json_type_name(doc.type));
    else
        fill_row(&f, row, rel);
    rk_json_free(&doc);
    if (f.failed) {
        rk_row_free(row);
        return -1;
    }
    row->file = rk_xstrdup(file);
    row->rel = rk_xstrdup(rel ? rel : file);
    return 0;
}

void rk_row_free(rk_row *row)
{
    char **strings[] = { &row->file, &row->rel, &row->case_id, &row->variant, &row->detector,
                         &row->compiler, &row->title, &row->source, &row->verdict, &row->reason,
                         &row->tsan_options, &row->out, &row->err, &row->build_log, &row->stacks };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(*strings[i]);
    rk_sl_free(&row->expect);
    rk_sl_free(&row->kinds);
    rk_report_list_free(&row->reports);
    free(row->race_lines);
    memset(row, 0, sizeof *row);
}

/* ---- finding the files ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in `dir` that do not start with '.', sorted so every report
 * lists the same rows in the same order; -1 with errno on failure. */
static int list_dir(const char *dir, rk_strlist *names)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            rk_sl_add(names, e->d_name);
    closedir(d);
    if (names->n > 1)
        qsort(names->items, (size_t)names->n, sizeof *names->items, cmp_str);
    return 0;
}

static void add_error(rk_results *res, const char *file, const char *rel, const char *message)
{
    res->errors = rk_xrealloc(res->errors, (size_t)(res->n_errors + 1) * sizeof *res->errors);
    rk_load_error *e = &res->errors[res->n_errors++];
    e->file = rk_xstrdup(file);
    const char *slash = strchr(rel, '/');
    e->detector = slash ? rk_xstrndup(rel, (size_t)(slash - rel)) : rk_xstrdup(rel);
    e->message = rk_xstrdup(message);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Collect the paths (below `root`) of the *.json files at TREE_DEPTH. A
 * plain file higher up is not a result and is left alone. */
static void walk(const char *root, const char *rel, int depth, rk_strlist *found, rk_results *res)
{
    char *path = rel ? rk_path_join(root, rel) : rk_xstrdup(root);
    rk_strlist names = RK_STRLIST_INIT;
    if (list_dir(path, &names) < 0) {
        if (errno != ENOTDIR) {
            char *msg = rk_xasprintf("%s: cannot read the folder: %s", path, strerror(errno));
            add_error(res, path, rel, msg);
            free(msg);
        }
    }
    for (int i = 0; i < names.n; i++) {
        char *child = rel ? rk_path_join(rel, names.items[i]) : rk_xstrdup(names.items[i]);
        if (depth + 1 < TREE_DEPTH)
            walk(root, child, depth + 1, found, res);
        else if (ends_with(child, ".json"))
            rk_sl_add(found, child);
        free(child);
    }
    rk_sl_free(&names);
    free(path);
}

static const rk_row *find_row(const rk_results *res, const rk_row *row)
{
    for (int i = 0; i < res->n; i++) {
        const rk_row *r = &res->rows[i];
        if (strcmp(r->detector, row->detector) == 0 && strcmp(r->case_id, row->case_id) == 0 &&
            strcmp(r->variant, row->variant) == 0)
            return r;
    }
    return NULL;
}

static void load_file(const char *dir, const char *rel, rk_results *res)
{
    char *file = rk_path_join(dir, rel);
    char err[1024];
    size_t len;
    char *text = rk_read_file(file, MAX_RESULT_BYTES, &len);
    rk_row row;
    if (text == NULL) {
        snprintf(err, sizeof err, "%s: cannot read: %s", file,
                 errno == EFBIG ? "larger than 16 MiB, not a result file" : strerror(errno));
        add_error(res, file, rel, err);
    } else if (rk_row_parse(file, rel, text, len, &row, err, sizeof err) < 0) {
        add_error(res, file, rel, err);
    } else {
        const rk_row *first = find_row(res, &row);
        if (first) {
            snprintf(err, sizeof err, "%s: the same result as %s (merge folders of different tests only)",
                     file, first->file);
            add_error(res, file, rel, err);
            rk_row_free(&row);
        } else {
            res->rows = rk_xrealloc(res->rows, (size_t)(res->n + 1) * sizeof *res->rows);
            res->rows[res->n++] = row;
        }
    }
    free(text);
    free(file);
}

static int cmp_row(const void *a, const void *b)
{
    const rk_row *x = a, *y = b;
    int c = strcmp(x->detector, y->detector);
    if (c == 0)
        c = strcmp(x->case_id, y->case_id);
    if (c == 0) /* "unsafe" before "safe": the lesson reads in that order */
        c = strcmp(y->variant, x->variant);
    return c;
}

int rk_results_load(const char *const *dirs, int n_dirs, rk_results *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    for (int d = 0; d < n_dirs; d++) {
        if (!rk_is_dir(dirs[d])) {
            int e = errno;
            snprintf(err, errlen, "%s: %s", dirs[d],
                     rk_is_file(dirs[d]) ? "not a folder (want the results folder of a build)" : strerror(e));
            return -1;
        }
        rk_strlist found = RK_STRLIST_INIT;
        walk(dirs[d], NULL, 0, &found, res);
        for (int i = 0; i < found.n; i++)
            load_file(dirs[d], found.items[i], res);
        rk_sl_free(&found);
    }
    if (res->n > 1)
        qsort(res->rows, (size_t)res->n, sizeof *res->rows, cmp_row);
    return 0;
}

void rk_results_free(rk_results *res)
{
    for (int i = 0; i < res->n; i++)
        rk_row_free(&res->rows[i]);
    for (int i = 0; i < res->n_errors; i++) {
        free(res->errors[i].file);
        free(res->errors[i].detector);
        free(res->errors[i].message);
    }
    free(res->rows);
    free(res->errors);
    memset(res, 0, sizeof *res);
}

/* ---- paths relative to the repository root ---- */

const char *rk_path_under_root(const char *path, const char *root)
{
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/')
        n--;
    if (path[0] == '/' && strncmp(path, root, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

char *rk_path_from_root(const char *path, const char *root)
{
    return path[0] == '/' || path[0] == '\0' ? rk_xstrdup(path) : rk_path_join(root, path);
}
