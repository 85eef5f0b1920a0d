/* case_dir.h - find a case folder and check its shape (DESIGN: case folder):
 * cases/<topic>/<name>/ with unsafe.c, safe.c and README.md. */
#ifndef RK_CASE_DIR_H
#define RK_CASE_DIR_H

#include "case_meta.h"

#include <stddef.h>

typedef struct {
    char *dir;     /* absolute path of the folder (owned) */
    char *topic;   /* owned */
    char *name;    /* owned */
    char *id;      /* "topic/name" (owned) */
} rk_case;

/* The --help text of --cases-root DIR, the option of every command that
 * takes a case folder (check, explore, replay, step). */
#define RK_CASES_ROOT_HELP "the folder of <topic>/<name>/ case folders the case is in (default: the kit's cases/)"

/* rk_case_resolve - find the folder named by `arg`: a path to it, or
 * "topic/name" under <source>/cases. Checks that topic and name are
 * lowercase words joined by '-' and that unsafe.c, safe.c and README.md
 * exist. Returns 0 and fills *c (free with rk_case_free), or -1 with one
 * line "<path>: <problem>" in err. */
int rk_case_resolve(const char *arg, const char *cases_root, rk_case *c,
                    char *err, size_t errlen);

/* rk_case_open - rk_case_resolve under <source>/cases, then the front
 * matter of its README.md into *meta. Returns 0 (free both with
 * rk_case_free and rk_meta_free), or -1 after printing the one-line error
 * (both left empty). */
int rk_case_open(const char *arg, rk_case *c, rk_meta *meta);

/* rk_case_file - "<dir>/<file>", caller frees. */
char *rk_case_file(const rk_case *c, const char *file);

void rk_case_free(rk_case *c);

#endif
