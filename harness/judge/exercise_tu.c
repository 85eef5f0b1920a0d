/* exercise_tu.c - an exercise's variant as the compiler reads it: its
 * translation unit (`cc -E` with the case's flags), so that a word the
 * rules look for cannot hide in a macro or behind token pasting. Only the
 * lines of the program's own files count: the system's headers and the
 * kit's racekit.h are the same for every variant (see exercise.h,
 * rk_exercise_tu_controls). */
#define _XOPEN_SOURCE 700
#include "exercise.h"

#include "build/build.h"
#include "case/case.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* A line marker, `# 12 "path" 1 3`: its line and file, and whether the
 * flags say a system header (3). 0 when `line` is not one. */
static int line_marker(const char *line, int *number, char **file, int *system)
{
    if (line[0] != '#' || line[1] != ' ')
        return 0;
    char *end;
    long n = strtol(line + 2, &end, 10);
    if (end == line + 2 || end[0] != ' ' || end[1] != '"')
        return 0;
    const char *name = end + 2, *close = strchr(name, '"');
    if (close == NULL)
        return 0;
    *number = (int)n;
    free(*file);
    *file = rk_xstrndup(name, (size_t)(close - name));
    *system = strstr(close, " 3") != NULL;
    return 1;
}

/* 1 when lines of `file` are the program's own: not a system header, not
 * the kit's header, not the compiler's <built-in> or <command line>. */
static int own_file(const char *file, int system)
{
    if (system || file[0] == '<')
        return 0;
    const char *inc = rk_paths_get()->include_dir;
    size_t n = inc ? strlen(inc) : 0;
    return !(n && strncmp(file, inc, n) == 0 && file[n] == '/');
}

/* The translation unit of case_dir/<variant>.c, NULL when it does not
 * preprocess (it does not compile either: the build judges it). */
static char *translation_unit(const char *case_dir, const char *variant)
{
    char *readme = rk_path_join(case_dir, "README.md"), err[512];
    rk_meta meta;
    int rc = rk_meta_load(readme, &meta, err, sizeof err);
    free(readme);
    if (rc < 0)
        return NULL;
    char *topic_dir = rk_dirname(case_dir);
    char *file = rk_xasprintf("%s.c", variant), *source = rk_path_join(case_dir, file);
    rk_build b;
    rk_tsan_build_init(&b, "exercise", rk_basename(topic_dir), rk_basename(case_dir), variant, meta.cflags, NULL);
    rk_strbuf out = RK_STRBUF_INIT;
    rk_build_result res;
    rc = rk_compile_preprocess(&b, source, &out, &res);
    char *text = rc == 0 && res.ok ? rk_sb_detach(&out) : NULL;
    rk_sb_free(&out);
    rk_build_result_free(&res);
    rk_tsan_build_free(&b);
    rk_meta_free(&meta);
    free(source), free(file), free(topic_dir);
    return text;
}

int rk_exercise_tu_controls(const char *case_dir, const char *variant, rk_strlist *out, int **lines)
{
    char *tu = translation_unit(case_dir, variant);
    if (tu == NULL)
        return -1;
    /* The program's own lines, each with its line in the variant's file
     * (0: in a header of the student's). */
    char *own_name = rk_xasprintf("%s.c", variant), *file = NULL;
    rk_strbuf kept = RK_STRBUF_INIT;
    int *where = NULL, n_kept = 0, number = 1, system = 0;
    for (char *line = tu, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (line_marker(line, &number, &file, &system))
            continue;
        if (file && own_file(file, system)) {
            rk_sb_puts(&kept, line);
            rk_sb_putc(&kept, '\n');
            where = rk_xrealloc(where, (size_t)(n_kept + 1) * sizeof *where);
            where[n_kept++] = strcmp(rk_basename(file), own_name) == 0 ? number : 0;
        }
        number++;
    }
    int *at = NULL;
    rk_exercise_controls(rk_sb_cstr(&kept), out, &at);
    if (lines) {
        *lines = rk_xcalloc((size_t)out->n + 1, sizeof **lines);
        for (int i = 0; i < out->n; i++)
            (*lines)[i] = at[i] >= 1 && at[i] <= n_kept ? where[at[i] - 1] : 0;
    }
    free(at);
    free(where);
    rk_sb_free(&kept);
    free(file);
    free(own_name);
    free(tu);
    return 0;
}
