/* results_load.c - find and read result files (see results_load.h). */
#define _GNU_SOURCE /* realpath */
#include "results_load.h"
#include "util/util.h"
#include "results_fields.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* <detector>/<topic>/<name>/<variant>.json */
enum { TREE_DEPTH = 4 };

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

/* Collect the paths (below `root`) of the *.json files down to TREE_DEPTH,
 * by depth: found[d] holds those d levels down (1..TREE_DEPTH). */
static void walk(const char *root, const char *rel, int depth, rk_strlist found[TREE_DEPTH + 1], rk_results *res)
{
    char *path = rel ? rk_path_join(root, rel) : rk_xstrdup(root);
    rk_strlist names = RK_STRLIST_INIT;
    if (list_dir(path, &names) < 0) {
        if (errno != ENOTDIR) {
            char *msg = rk_xasprintf("%s: cannot read the folder: %s", path, strerror(errno));
            add_error(res, path, rel ? rel : "", msg);
            free(msg);
        }
    }
    for (int i = 0; i < names.n; i++) {
        char *child = rel ? rk_path_join(rel, names.items[i]) : rk_xstrdup(names.items[i]);
        if (ends_with(child, ".json"))
            rk_sl_add(&found[depth + 1], child);
        else if (depth + 1 < TREE_DEPTH)
            walk(root, child, depth + 1, found, res);
        free(child);
    }
    rk_sl_free(&names);
    free(path);
}

/* The levels of <detector>/<topic>/<name> that `dir` stands for: 0 for a
 * results folder (it holds files TREE_DEPTH down), else TREE_DEPTH minus
 * the depth of its shallowest result files; -1 when it holds none. */
static int folder_level(const rk_strlist found[TREE_DEPTH + 1])
{
    if (found[TREE_DEPTH].n)
        return 0;
    for (int d = 1; d < TREE_DEPTH; d++)
        if (found[d].n)
            return TREE_DEPTH - d;
    return -1;
}

/* The last `level` names of dir's resolved path joined by '/': what a
 * subfolder's result files lack of their place in the tree; NULL when
 * the path is not that deep. Caller frees. */
static char *folder_prefix(const char *dir, int level)
{
    if (level == 0)
        return rk_xstrdup("");
    char *real = realpath(dir, NULL);
    if (real == NULL)
        return NULL;
    char *start = real + strlen(real);
    for (int k = 0; k < level; k++) {
        while (start > real && start[-1] != '/')
            start--;
        if (start == real || start[0] == '\0') {
            free(real);
            return NULL;
        }
        if (k + 1 < level)
            start--; /* onto the '/' before this name */
    }
    char *prefix = rk_xstrdup(start);
    free(real);
    return prefix;
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

/* An explore result (below explore/): into res->explored. */
static void load_explored(const char *file, const char *rel, const char *text, size_t len, rk_results *res)
{
    char err[1024];
    rk_explore_row row;
    if (rk_explore_row_parse(file, rel, text, len, &row, err, sizeof err) < 0) {
        add_error(res, file, rel, err);
        return;
    }
    for (int i = 0; i < res->n_explored; i++)
        if (strcmp(res->explored[i].case_id, row.case_id) == 0 && strcmp(res->explored[i].variant, row.variant) == 0) {
            snprintf(err, sizeof err, "%s: the same result as %s (merge folders of different tests only)", file,
                     res->explored[i].file);
            add_error(res, file, rel, err);
            rk_explore_row_free(&row);
            return;
        }
    res->explored = rk_xrealloc(res->explored, (size_t)(res->n_explored + 1) * sizeof *res->explored);
    res->explored[res->n_explored++] = row;
}

/* Read the result file `file`, whose place in the tree is `rel`. */
static void load_file(const char *file, const char *rel, rk_results *res)
{
    if (strncmp(rel, "explore/", 8) == 0 && ends_with(rel, ".step.json"))
        return; /* a `racekit step` transcript, not a verdict */
    char err[1024];
    size_t len;
    char *text = rk_read_file(file, RK_MAX_RESULT_BYTES, &len);
    rk_row row;
    if (text == NULL) {
        snprintf(err, sizeof err, "%s: cannot read: %s", file,
                 errno == EFBIG ? "larger than 16 MiB, not a result file" : strerror(errno));
        add_error(res, file, rel, err);
    } else if (strncmp(rel, "explore/", 8) == 0) {
        load_explored(file, rel, text, len, res);
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

static int cmp_explored(const void *a, const void *b)
{
    const rk_explore_row *x = a, *y = b;
    int c = strcmp(x->case_id, y->case_id);
    return c ? c : strcmp(y->variant, x->variant); /* unsafe first */
}

/* A check result of the explore result x's variant (the first detector's),
 * which names its source and title; NULL when there is none. */
static const rk_row *same_variant(const rk_results *res, const rk_explore_row *x)
{
    for (int i = 0; i < res->n; i++)
        if (strcmp(res->rows[i].case_id, x->case_id) == 0 && strcmp(res->rows[i].variant, x->variant) == 0)
            return &res->rows[i];
    return NULL;
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
        rk_strlist found[TREE_DEPTH + 1];
        for (int k = 0; k <= TREE_DEPTH; k++)
            found[k] = (rk_strlist)RK_STRLIST_INIT;
        walk(dirs[d], NULL, 0, found, res);
        int level = folder_level(found);
        char *prefix = level >= 0 ? folder_prefix(dirs[d], level) : NULL;
        for (int i = 0; prefix && i < found[TREE_DEPTH - level].n; i++) {
            const char *name = found[TREE_DEPTH - level].items[i];
            char *file = rk_path_join(dirs[d], name);
            char *rel = *prefix ? rk_path_join(prefix, name) : rk_xstrdup(name);
            load_file(file, rel, res);
            free(rel);
            free(file);
        }
        free(prefix);
        for (int k = 0; k <= TREE_DEPTH; k++)
            rk_sl_free(&found[k]);
    }
    if (res->n > 1)
        qsort(res->rows, (size_t)res->n, sizeof *res->rows, cmp_row);
    if (res->n_explored > 1)
        qsort(res->explored, (size_t)res->n_explored, sizeof *res->explored, cmp_explored);
    res->explored_rows = rk_xcalloc((size_t)res->n_explored + 1, sizeof *res->explored_rows);
    for (int i = 0; i < res->n_explored; i++)
        rk_explore_row_as_row(&res->explored[i], same_variant(res, &res->explored[i]), &res->explored_rows[i]);
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
    for (int i = 0; i < res->n_explored; i++) {
        rk_explore_row_free(&res->explored[i]);
        if (res->explored_rows)
            rk_row_free(&res->explored_rows[i]);
    }
    free(res->explored_rows);
    free(res->rows);
    free(res->errors);
    free(res->explored);
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
