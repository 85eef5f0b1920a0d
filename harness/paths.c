/* paths.c - where racekit's pieces are (see paths.h). */
#define _POSIX_C_SOURCE 200809L
#include "paths.h"
#include "config.h"

#include <stdlib.h>

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

const rk_paths *rk_paths_get(void)
{
    static rk_paths p;
    static int done;
    if (!done) {
        p.source_dir = env_or("RACEKIT_SOURCE_DIR", RK_DEFAULT_SOURCE_DIR);
        p.build_dir = env_or("RACEKIT_BUILD_DIR", RK_DEFAULT_BUILD_DIR);
        p.include_dir = env_or("RACEKIT_INCLUDE_DIR", RK_DEFAULT_INCLUDE_DIR);
        p.hook_source = env_or("RACEKIT_HOOK_SOURCE", RK_DEFAULT_HOOK_SOURCE);
        p.cc = env_or("RACEKIT_CC", RK_DEFAULT_CC);
        done = 1;
    }
    return &p;
}
