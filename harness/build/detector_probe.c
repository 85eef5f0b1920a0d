/* detector_probe.c - is a detector installed here? (see detectors.h) Kept
 * apart from detectors.c, which the configure-time helper links alone. */
#define _POSIX_C_SOURCE 200809L
#include "build.h"
#include "case/case.h"
#include "util/util.h"
#include "sandbox/sandbox.h"

#include <stdlib.h>
#include <string.h>

/* 1 when `cc` finds its TSan runtime: clang's libclang_rt.tsan, gcc's
 * libtsan. The answer is cached per compiler path. */
static int has_tsan_runtime(const char *cc, const char *cache_dir)
{
    char *probe = rk_compiler_probe(cc, cache_dir, "-print-file-name=libclang_rt.tsan-x86_64.a");
    int ok = probe && probe[0] == '/' && rk_is_file(probe);
    free(probe);
    if (!ok) {
        probe = rk_compiler_probe(cc, cache_dir, "-print-file-name=libtsan.so");
        ok = probe && probe[0] == '/' && rk_is_file(probe);
        free(probe);
    }
    return ok;
}

char *rk_detector_missing(const rk_detector *d, const char *cc, const char *cache_dir)
{
    char *path = rk_find_program(cc);
    if (path == NULL)
        return rk_xasprintf("detector %s is not installed: compiler '%s' not found (apt-get install %s)",
                            d->name, cc, d->packages);
    free(path);
    path = NULL;
    if (d->family == RK_FAMILY_TSAN && !has_tsan_runtime(cc, cache_dir))
        return rk_xasprintf("detector %s is not installed: %s has no ThreadSanitizer runtime (apt-get install %s)",
                            d->name, cc, d->packages);
    if (d->family != RK_FAMILY_VALGRIND)
        return NULL;
    /* valgrind runs around the program: the one found at configure time */
    char *why = NULL, *missing = NULL;
    if ((path = rk_tool_path(RK_TOOL_VALGRIND, NULL, &why)) == NULL)
        missing = rk_xasprintf("detector %s is not installed: %s (apt-get install %s, then configure racekit again)",
                               d->name, why, d->packages);
    free(path), free(why);
    return missing;
}
