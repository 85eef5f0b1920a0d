/* results_paths.c - no absolute path in a report (results_load.h,
 * docs/results.md "Paths in the reports"): result files carry the paths of
 * the machine that ran the check (sources, TSan's frames, the compiler's
 * and gdb's messages); a report shows those below the root relative to it
 * and cuts the others to their file name, so it reads the same on any
 * machine and gives away no folder of the one that ran it. */
#define _POSIX_C_SOURCE 200809L
#include "results_load.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

char *rk_path_shown(const char *path, const char *root, int *shortened)
{
    if (path[0] != '/')
        return rk_xstrdup(path);
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/')
        n--;
    if (n > 1 && strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0')) {
        const char *rest = path + n;
        while (*rest == '/')
            rest++;
        return rk_xstrdup(*rest ? rest : ".");
    }
    if (shortened)
        (*shortened)++;
    return rk_xasprintf("%s%s", RK_PATH_ELIDED, rk_basename(path));
}

/* 1 when a path may start after byte c (or at the start of the text). */
static int opens_path(char c)
{
    return strchr(" \t\n\r\"'`([=:,", c) != NULL; /* not '<': "</tag>" */
}

/* 1 when byte c ends a path. */
static int ends_path(char c)
{
    return c == '\0' || strchr(" \t\n\r\"'`)]>,;", c) != NULL;
}

char *rk_text_shorten_paths(const char *text, size_t len, const char *root, size_t *out_len, int *shortened)
{
    rk_strbuf out = RK_STRBUF_INIT;
    size_t i = 0;
    while (i < len) {
        int starts = text[i] == '/' && (i == 0 || opens_path(text[i - 1])) && i + 1 < len && text[i + 1] != '/' &&
                     !ends_path(text[i + 1]);
        if (!starts) {
            rk_sb_putc(&out, text[i++]);
            continue;
        }
        size_t end = i, names = 0;
        while (end < len && !ends_path(text[end]))
            names += text[end++] == '/';
        if (names < 2) { /* "/x" alone: too short to be a folder worth hiding */
            rk_sb_putc(&out, text[i++]);
            continue;
        }
        /* "file.c:12:5" keeps its line and column after the path */
        size_t path_end = end;
        for (size_t k = i; k < end; k++)
            if (text[k] == ':') {
                path_end = k;
                break;
            }
        char *path = rk_xstrndup(text + i, path_end - i);
        char *shown = rk_path_shown(path, root, shortened);
        rk_sb_puts(&out, shown);
        free(shown);
        free(path);
        i = path_end;
    }
    if (out_len)
        *out_len = out.len;
    char *s = out.len ? rk_sb_detach(&out) : rk_xstrdup("");
    rk_sb_free(&out);
    return s;
}

/* Replace the string *s (NULL stays NULL) by its text with paths shortened. */
static void shorten(char **s, const char *root, int *count)
{
    if (*s == NULL)
        return;
    char *t = rk_text_shorten_paths(*s, strlen(*s), root, NULL, count);
    free(*s);
    *s = t;
}

/* Replace the path *p by its shown form. */
static void show_path(char **p, const char *root, int *count)
{
    char *t = rk_path_shown(*p, root, count);
    free(*p);
    *p = t;
}

static void shorten_frames(rk_report_list *reports, const char *root, int *count)
{
    for (int i = 0; i < reports->n; i++) {
        rk_report *r = &reports->items[i];
        for (int j = 0; j < r->n_accesses; j++)
            show_path(&r->accesses[j].frame.file, root, count);
        for (int j = 0; j < r->n_locations; j++)
            show_path(&r->locations[j].file, root, count);
    }
}

static void shorten_row(rk_row *row, const char *root, int *count)
{
    free(row->source_shown);
    row->source_shown = rk_path_shown(row->source, root, count);
    if (strncmp(row->source_shown, RK_PATH_ELIDED, strlen(RK_PATH_ELIDED)) != 0) {
        free(row->source); /* below the root: relative, read from the root */
        row->source = rk_xstrdup(row->source_shown);
    }
    shorten(&row->reason, root, count);
    shorten(&row->build_log, root, count);
    shorten(&row->stacks, root, count);
    shorten(&row->tsan_options, root, count);
    char *err = rk_text_shorten_paths(row->err, row->err_len, root, &row->err_len, count);
    free(row->err);
    row->err = err;
    shorten(&row->file, root, count);
    shorten_frames(&row->reports, root, count);
}

/* An explore result without a check result of its variant names no
 * source: <root>/cases/<case>/<variant>.c when that file is there. */
static void guess_source(rk_row *row, const char *root)
{
    char *path = rk_xasprintf("%s/cases/%s/%s.c", root, row->case_id, row->variant);
    if (rk_is_file(path)) {
        free(row->source);
        row->source = path;
    } else {
        free(path);
    }
}

void rk_results_shorten_paths(rk_results *res, const char *root)
{
    int count = 0;
    for (int i = 0; i < res->n; i++)
        shorten_row(&res->rows[i], root, &count);
    for (int i = 0; i < res->n_explored; i++) {
        rk_explore_row *x = &res->explored[i];
        shorten(&x->reason, root, &count);
        shorten(&x->invariant, root, &count);
        shorten(&x->file, root, &count);
        for (int k = 0; k < x->deadlock.n; k++)
            shorten(&x->deadlock.items[k], root, &count);
        if (res->explored_rows) { /* made from x and a check row before */
            rk_row *row = &res->explored_rows[i];
            if (*row->source == '\0') /* no check result: the corpus's own file */
                guess_source(row, root);
            shorten_row(row, root, &count);
        }
    }
    for (int i = 0; i < res->n_errors; i++) {
        shorten(&res->errors[i].file, root, &count);
        shorten(&res->errors[i].message, root, &count);
    }
    res->paths_shortened = count;
}
