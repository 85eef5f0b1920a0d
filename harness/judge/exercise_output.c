/* exercise_output.c - the outputs an exercise's repair may print: the set
 * `racekit exercise` recorded (expected-stdout.txt, or expected-stdout/
 * when the reference can print several), read back and matched against a
 * run, naming the nearest on a difference (see exercise.h). */
#define _XOPEN_SOURCE 700
#include "exercise.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

enum { STDOUT_MAX = 1 << 20, SET_MAX = 1024 };

char *rk_exercise_output_file(size_t i, size_t n)
{
    return n == 1 ? rk_xstrdup(RK_EXERCISE_STDOUT) : rk_xasprintf("%s/%zu.txt", RK_EXERCISE_STDOUT_DIR, i + 1);
}

void rk_exercise_outputs_add(rk_output_set *set, const char *out, size_t len)
{
    set->v = rk_xrealloc(set->v, (set->n + 1) * sizeof *set->v);
    set->len = rk_xrealloc(set->len, (set->n + 1) * sizeof *set->len);
    set->v[set->n] = rk_xmalloc(len + 1);
    memcpy(set->v[set->n], out, len);
    set->v[set->n][len] = '\0';
    set->len[set->n++] = len;
}

int rk_exercise_outputs_has(const rk_output_set *set, const char *out, size_t len)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->len[i] == len && memcmp(set->v[i], out, len) == 0)
            return 1;
    return 0;
}

/* Read one file of the set into it; 0, or -1 when it is not there. */
static int add_file(rk_output_set *set, const char *case_dir, const char *file)
{
    char *path = rk_path_join(case_dir, file);
    size_t len;
    char *text = rk_read_file(path, STDOUT_MAX, &len);
    free(path);
    if (text == NULL)
        return -1;
    rk_exercise_outputs_add(set, text, len);
    free(text);
    return 0;
}

void rk_exercise_outputs_load(const char *case_dir, rk_output_set *set)
{
    memset(set, 0, sizeof *set);
    /* The folder's files are 1.txt, 2.txt... up to the first missing one. */
    for (size_t i = 0; i < SET_MAX; i++) {
        char *file = rk_exercise_output_file(i, 2);
        int rc = add_file(set, case_dir, file);
        free(file);
        if (rc < 0)
            break;
    }
    if (set->n == 0)
        add_file(set, case_dir, RK_EXERCISE_STDOUT);
}

/* "line 2 is "x", expected "y"" for the first line where the outputs part. */
static char *first_difference(const char *got, size_t glen, const char *want, size_t wlen)
{
    size_t i = 0, start = 0;
    int line = 1;
    while (i < glen && i < wlen && got[i] == want[i]) {
        if (got[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    size_t g = start, w = start;
    while (g < glen && got[g] != '\n')
        g++;
    while (w < wlen && want[w] != '\n')
        w++;
    if (start >= glen)
        return rk_xasprintf("line %d is missing, expected \"%.*s\"", line, (int)(w - start), want + start);
    if (start >= wlen)
        return rk_xasprintf("line %d \"%.*s\" is extra", line, (int)(g - start), got + start);
    return rk_xasprintf("line %d is \"%.*s\", expected \"%.*s\"", line, (int)(g - start), got + start,
                        (int)(w - start), want + start);
}

/* How far `got` is from `want`: the lines at the same place that differ,
 * lines missing or extra included. */
static size_t line_distance(const char *got, size_t glen, const char *want, size_t wlen)
{
    size_t g = 0, w = 0, differ = 0;
    while (g < glen || w < wlen) {
        size_t gn = 0, wn = 0;
        while (g + gn < glen && got[g + gn] != '\n')
            gn++;
        while (w + wn < wlen && want[w + wn] != '\n')
            wn++;
        if (g >= glen || w >= wlen || gn != wn || memcmp(got + g, want + w, gn) != 0)
            differ++;
        g = g < glen ? g + gn + 1 : g;
        w = w < wlen ? w + wn + 1 : w;
    }
    return differ;
}

int rk_exercise_outputs_match(const rk_output_set *set, const char *out, size_t len, size_t total, char **why)
{
    const char *got = out ? out : "";
    *why = NULL;
    if (total == len && rk_exercise_outputs_has(set, got, len))
        return 1;
    /* The nearest: fewest lines differ, then the longest common start. */
    size_t best = 0, best_d = (size_t)-1, best_p = 0;
    for (size_t i = 0; i < set->n; i++) {
        size_t d = line_distance(got, len, set->v[i], set->len[i]), p = 0;
        while (p < len && p < set->len[i] && got[p] == set->v[i][p])
            p++;
        if (d < best_d || (d == best_d && p > best_p))
            best = i, best_d = d, best_p = p;
    }
    char *diff = first_difference(got, len, set->v[best], set->len[best]);
    char *file = rk_exercise_output_file(best, set->n);
    if (set->n == 1)
        *why = rk_xasprintf("the output differs from the reference solution's (%s): %s", file, diff);
    else
        *why = rk_xasprintf("the output is none of the %zu the reference solution can print (%s/); the nearest, "
                            "%s: %s", set->n, RK_EXERCISE_STDOUT_DIR, file, diff);
    free(file);
    free(diff);
    return 0;
}

void rk_exercise_outputs_free(rk_output_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        free(set->v[i]);
    free(set->v);
    free(set->len);
    memset(set, 0, sizeof *set);
}
