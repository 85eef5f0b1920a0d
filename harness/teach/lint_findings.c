/* lint_findings.c - the findings list of `racekit lint` (see
 * lint_findings.h). */
#define _POSIX_C_SOURCE 200809L
#include "lint_findings.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

void rk_lint_add(rk_findings *f, rk_lint_level level, const char *path, int line,
                 const char *problem, const char *hint)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->items = rk_xrealloc(f->items, (size_t)f->cap * sizeof *f->items);
    }
    rk_finding *x = &f->items[f->n++];
    x->level = level;
    x->path = rk_xstrdup(path);
    x->line = line;
    x->problem = rk_xstrdup(problem);
    x->hint = hint ? rk_xstrdup(hint) : NULL;
    if (level == RK_LINT_ERROR)
        f->errors++;
    else
        f->warnings++;
}

void rk_findings_free(rk_findings *f)
{
    for (int i = 0; i < f->n; i++) {
        free(f->items[i].path);
        free(f->items[i].problem);
        free(f->items[i].hint);
    }
    free(f->items);
    memset(f, 0, sizeof *f);
}
