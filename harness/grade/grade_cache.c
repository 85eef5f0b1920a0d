/* grade_cache.c - a submission is graded again only when something its
 * grading reads has changed: the key folds every file of its scratch copy
 * (the exercise's files, by the exercise's key, and the student's
 * safe.c), this racekit, its hook and header, the compiler and the
 * options (see gradebook.h). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RESULT_MAX = 16 << 20 };

/* What every submission's grading shares: the program and what it builds with. */
static uint64_t kit_key(const gradebook *gb)
{
    const rk_paths *p = rk_paths_get();
    uint64_t h = rk_hash_str(RK_HASH_INIT, "racekit grade 1");
    char *header = rk_path_join(p->include_dir, "racekit.h");
    const char *files[] = { "/proc/self/exe", p->hook_source, header };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (rk_hash_file(&h, files[i]) < 0)
            h = rk_hash_str(h, files[i]); /* missing: the check will say so */
    free(header);
    h = rk_hash_str(h, p->cc);
    char runs[32];
    snprintf(runs, sizeof runs, "runs=%d", gb->runs);
    return rk_hash_str(h, runs);
}

void grade_cache_key(const gradebook *gb, grade_row *r)
{
    static uint64_t kit;
    static int have_kit;
    if (!have_kit)
        kit = kit_key(gb), have_kit = 1;
    uint64_t h = rk_hash_str(kit, r->slug); /* results name the student's folder */
    h = rk_hash_str(h, gb->x.name);        /* and the scratch copy's */
    h = rk_hash_bytes(h, &gb->x.key, sizeof gb->x.key); /* the exercise's files, its outputs' folder too */
    char *safe = rk_path_join(r->scratch, "safe.c");
    if (rk_hash_file(&h, safe) < 0)
        h = rk_hash_str(h, "unreadable");
    free(safe);
    r->key = h;
}

static char *entry_path(const gradebook *gb, const grade_row *r)
{
    return rk_xasprintf("%s/cache/%016" PRIx64 ".json", gb->work, r->key);
}

int grade_cache_get(const gradebook *gb, grade_row *r)
{
    char *path = entry_path(gb, r);
    r->result = rk_read_file(path, RESULT_MAX, &r->result_len);
    free(path);
    r->cached = r->result != NULL;
    return r->cached;
}

void grade_cache_put(const gradebook *gb, const grade_row *r)
{
    char *dir = rk_path_join(gb->work, "cache"), *path = entry_path(gb, r);
    if (rk_mkdir_p(dir) < 0 || rk_write_file_atomic(path, r->result, r->result_len) < 0)
        rk_error("grade: %s: cannot keep the result (it will be graded again next time)", path);
    free(dir);
    free(path);
}
