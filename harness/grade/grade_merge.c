/* grade_merge.c - racekit grade --merge <gradebook>...: the gradebooks of
 * the shards of a class (racekit grade --shard K/N on N runners) joined
 * into one, as if one machine had graded the whole class: the rows are
 * read back from each grades.json and each student's feedback file is
 * taken as its shard wrote it (it quotes the shard's scratch copy). Shards
 * of another exercise, a student in two of them, or a shard missing are
 * refused with one line naming the file (see gradebook.h). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"
#include "report/report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BOOK_MAX = 256 << 20, FEEDBACK_MAX = 16 << 20 };

typedef struct {
    char *const *dirs;
    int n;
    int *origin; /* the gradebook each row came from */
} merge;

static const rk_json *field(const rk_json *obj, const char *key, rk_json_type type)
{
    const rk_json *v = rk_json_get(obj, key);
    return v && v->type == type ? v : NULL;
}

static const char *str_or_null(const rk_json *obj, const char *key)
{
    const rk_json *v = field(obj, key, RK_JSON_STRING);
    return v ? v->str : NULL;
}

static char *dup_or_null(const char *s)
{
    return s ? rk_xstrdup(s) : NULL;
}

/* One gradebook's grades.json, parsed into *doc. */
static int read_book(const char *dir, rk_json *doc, char **path)
{
    *path = rk_path_join(dir, "grades.json");
    size_t len;
    char *text = rk_read_file(*path, BOOK_MAX, &len);
    rk_json_error err;
    int rc = -1;
    if (text == NULL)
        rk_error("grade: %s: cannot read: %s (not a gradebook of racekit grade?)", *path, strerror(errno));
    else if (rk_json_parse(text, len, doc, &err) < 0)
        rk_error("grade: %s:%d: not JSON: %s", *path, err.line, err.message);
    else if (doc->type != RK_JSON_OBJECT || !field(doc, "schema", RK_JSON_NUMBER) ||
             field(doc, "schema", RK_JSON_NUMBER)->number != 1 || !field(doc, "exercise_key", RK_JSON_STRING) ||
             !field(doc, "tests", RK_JSON_ARRAY) || !field(doc, "students", RK_JSON_ARRAY))
        rk_error("grade: %s: not a gradebook of this racekit grade (schema 1 with exercise_key, tests, students)",
                 *path);
    else
        rc = 0;
    free(text);
    return rc;
}

/* The exercise and its tests, from the first gradebook. */
static int take_exercise(gradebook *gb, const rk_json *doc, const char *path)
{
    const rk_json *tests = field(doc, "tests", RK_JSON_ARRAY);
    const char *dir = str_or_null(doc, "exercise"), *given = str_or_null(doc, "exercise_given");
    if (dir == NULL || tests->n > GRADE_MAX_TESTS) {
        rk_error("grade: %s: no exercise, or more than %d tests", path, GRADE_MAX_TESTS);
        return -1;
    }
    gb->x.dir = rk_xstrdup(dir);
    gb->x.arg = given ? given : dir;
    gb->x.name = rk_xstrdup(rk_basename(dir));
    gb->x.key = strtoull(str_or_null(doc, "exercise_key"), NULL, 16);
    for (int i = 0; i < tests->n; i++) {
        const rk_json *t = &tests->items[i];
        const char *name = str_or_null(t, "name"), *about = str_or_null(t, "about");
        const rk_json *points = field(t, "points", RK_JSON_NUMBER);
        if (!name || !points) {
            rk_error("grade: %s: tests[%d]: no name or points", path, i);
            return -1;
        }
        gb->x.tests[i] = (grade_test){ name, about ? about : "", points->number };
        gb->x.max += points->number;
    }
    gb->x.n_tests = tests->n;
    return 0;
}

/* Another gradebook: the same exercise, graded with the same tests. */
static int same_exercise(const gradebook *gb, const rk_json *doc, const char *path, const char *first)
{
    const char *key = str_or_null(doc, "exercise_key"), *dir = str_or_null(doc, "exercise");
    const rk_json *tests = field(doc, "tests", RK_JSON_ARRAY);
    char mine[17];
    grade_exercise_key_hex(&gb->x, mine);
    int same = strcmp(key, mine) == 0 && tests->n == gb->x.n_tests;
    for (int i = 0; same && i < tests->n; i++) {
        const char *name = str_or_null(&tests->items[i], "name");
        const rk_json *points = field(&tests->items[i], "points", RK_JSON_NUMBER);
        same = name && points && strcmp(name, gb->x.tests[i].name) == 0 && points->number == gb->x.tests[i].points;
    }
    if (!same)
        rk_error("grade: %s: a gradebook of another exercise (%s, key %s) than %s (%s, key %s): not merged", path,
                 dir ? dir : "?", key, first, gb->x.dir, mine);
    return same ? 0 : -1;
}

static grade_verdict verdict_of(const char *s)
{
    return s && strcmp(s, "pass") == 0 ? GRADE_PASS : s && strcmp(s, "fail") == 0 ? GRADE_FAIL : GRADE_NOT_RUN;
}

/* A student's name as a folder's: it names the feedback file. */
static int folder_name(const rk_json *v)
{
    return v && v->len > 0 && strlen(v->str) == v->len && strchr(v->str, '/') == NULL && strcmp(v->str, ".") != 0 &&
           strcmp(v->str, "..") != 0;
}

/* Row r from the record `s` of gradebook `dir`, with its feedback file. */
static int take_row(const gradebook *gb, grade_row *r, const rk_json *s, const char *dir, const char *path, int at)
{
    const rk_json *name = field(s, "student", RK_JSON_STRING), *tests = field(s, "tests", RK_JSON_OBJECT);
    const rk_json *points = field(s, "points", RK_JSON_NUMBER), *line = field(s, "line", RK_JSON_NUMBER);
    memset(r, 0, sizeof *r);
    if (!folder_name(name) || !tests || !points) {
        rk_error("grade: %s: students[%d]: no student (a folder's name), points or tests", path, at);
        return -1;
    }
    r->student = rk_xstrdup(name->str);
    r->found = dup_or_null(str_or_null(s, "source"));
    r->problem = dup_or_null(str_or_null(s, "problem"));
    r->schedule = dup_or_null(str_or_null(s, "schedule"));
    const char *key = str_or_null(s, "key"), *check = str_or_null(s, "check");
    if (key) {
        r->key = strtoull(key, NULL, 16);
        r->slug = rk_xstrdup(key); /* only says it had a scratch copy */
    }
    const rk_json *cached = field(s, "cached", RK_JSON_BOOL);
    r->cached = cached && cached->boolean;
    r->check_pass = check && strcmp(check, "pass") == 0;
    r->line = line ? (int)line->number : 0;
    r->points = points->number;
    for (int i = 0; i < gb->x.n_tests; i++) {
        const rk_json *m = field(tests, gb->x.tests[i].name, RK_JSON_OBJECT);
        const rk_json *p = field(m, "points", RK_JSON_NUMBER);
        r->marks[i] = (grade_mark){ verdict_of(str_or_null(m, "verdict")),
                                    dup_or_null(m ? str_or_null(m, "reason") : "not in the gradebook"),
                                    p ? p->number : 0 };
    }
    char *file = grade_feedback_file(r), *fpath = rk_path_join(dir, file);
    r->feedback = rk_read_file(fpath, FEEDBACK_MAX, NULL);
    if (r->feedback == NULL)
        rk_error("grade: %s: cannot read: %s (every student of a gradebook has one)", fpath, strerror(errno));
    free(file);
    free(fpath);
    return r->feedback ? 0 : -1;
}

/* Shards: all of one N, each K once, none missing; or no shards at all. */
static int check_shards(const merge *m, rk_json *docs)
{
    const char *first = str_or_null(&docs[0], "shard");
    int n = 0, *seen = NULL, rc = 0;
    if (first && (sscanf(first, "%*d/%d", &n) != 1 || n < 1 || n > 1000))
        n = 0;
    if (n > 0)
        seen = rk_xcalloc((size_t)n + 1, sizeof *seen);
    for (int i = 0; i < m->n && rc == 0; i++) {
        const char *s = str_or_null(&docs[i], "shard");
        int k = 0, total = 0;
        char *path = rk_path_join(m->dirs[i], "grades.json");
        rc = -1;
        if (s && (sscanf(s, "%d/%d", &k, &total) != 2 || k < 1 || k > total || total > 1000))
            rk_error("grade: %s: shard '%s' is not K/N", path, s);
        else if ((s != NULL) != (first != NULL))
            rk_error("grade: %s: %s, but %s/grades.json is %s: not merged", path, s ? "a shard" : "the whole class",
                     m->dirs[0], first ? "a shard" : "the whole class");
        else if (s && total != n)
            rk_error("grade: %s: shard %s, but %s/grades.json is one of %d shards: not merged", path, s, m->dirs[0], n);
        else if (s && seen[k]++)
            rk_error("grade: %s: shard %s is given twice", path, s);
        else
            rc = 0;
        free(path);
    }
    for (int k = 1; rc == 0 && k <= n; k++)
        if (!seen[k]) {
            rk_error("grade: merge: shard %d/%d is missing (%d of %d gradebooks given)", k, n, m->n, n);
            rc = -1;
        }
    free(seen);
    return rc;
}

static const gradebook *sorting_gb;

static int by_name(const void *a, const void *b)
{
    return strcmp(sorting_gb->rows[*(const int *)a].student, sorting_gb->rows[*(const int *)b].student);
}

/* Rows in name order, as one grading gives them; a student in two
 * gradebooks is refused. */
static int order_rows(gradebook *gb, const merge *m)
{
    int *idx = rk_xcalloc((size_t)gb->n + 1, sizeof *idx);
    for (int k = 0; k < gb->n; k++)
        idx[k] = k;
    sorting_gb = gb;
    qsort(idx, (size_t)gb->n, sizeof *idx, by_name);
    int rc = 0;
    for (int k = 1; k < gb->n && rc == 0; k++) {
        const grade_row *a = &gb->rows[idx[k - 1]], *b = &gb->rows[idx[k]];
        if (strcmp(a->student, b->student) == 0) {
            int first = m->origin[idx[k - 1]] < m->origin[idx[k]] ? idx[k - 1] : idx[k];
            int second = first == idx[k] ? idx[k - 1] : idx[k];
            rk_strbuf name = RK_STRBUF_INIT;
            rk_text_clean(&name, a->student, strlen(a->student));
            rk_error("grade: %s/grades.json: the student '%s' is also in %s/grades.json: not merged",
                     m->dirs[m->origin[second]], rk_sb_cstr(&name), m->dirs[m->origin[first]]);
            rk_sb_free(&name);
            rc = -1;
        }
    }
    grade_row *sorted = rk_xcalloc((size_t)gb->n + 1, sizeof *sorted);
    for (int k = 0; k < gb->n; k++)
        sorted[k] = gb->rows[idx[k]];
    free(gb->rows);
    gb->rows = sorted;
    free(idx);
    return rc;
}

int grade_merge(gradebook *gb, char *const *dirs, int n, rk_json *docs)
{
    merge m = { dirs, n, NULL };
    int rc = 0;
    char *first = NULL;
    for (int i = 0; i < n && rc == 0; i++) {
        char *path;
        rc = read_book(dirs[i], &docs[i], &path);
        if (rc == 0)
            rc = i == 0 ? take_exercise(gb, &docs[0], path) : same_exercise(gb, &docs[i], path, first);
        if (i == 0)
            first = path;
        else
            free(path);
    }
    if (rc == 0)
        rc = check_shards(&m, docs);
    for (int i = 0; i < n && rc == 0; i++) {
        const rk_json *students = field(&docs[i], "students", RK_JSON_ARRAY);
        char *path = rk_path_join(dirs[i], "grades.json");
        gb->rows = rk_xrealloc(gb->rows, (size_t)(gb->n + students->n + 1) * sizeof *gb->rows);
        m.origin = rk_xrealloc(m.origin, (size_t)(gb->n + students->n + 1) * sizeof *m.origin);
        for (int s = 0; s < students->n && rc == 0; s++) {
            m.origin[gb->n] = i;
            rc = take_row(gb, &gb->rows[gb->n], &students->items[s], dirs[i], path, s);
            gb->n++; /* a row half taken is freed with the others */
        }
        free(path);
    }
    if (rc == 0)
        rc = order_rows(gb, &m);
    free(m.origin);
    free(first);
    return rc;
}
