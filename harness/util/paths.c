/* paths.c - where racekit's pieces are (see paths.h). */
#define _XOPEN_SOURCE 700
#include "paths.h"
#include "config.h"
#include "fsutil.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

/* The install prefix when this executable is <prefix>/bin/racekit next to
 * <prefix>/share/racekit/tsan_hook.c; NULL otherwise (e.g. the build tree). */
static char *installed_prefix(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL)
        return NULL;
    *slash = '\0'; /* exe is now the directory of the binary */
    slash = strrchr(exe, '/');
    if (slash == NULL || strcmp(slash + 1, "bin") != 0)
        return NULL;
    *slash = '\0';
    char *hook = rk_xasprintf("%s/share/racekit/tsan_hook.c", exe);
    int found = rk_is_file(hook);
    free(hook);
    return found ? rk_xstrdup(exe[0] ? exe : "/") : NULL;
}

const rk_paths *rk_paths_get(void)
{
    static rk_paths p;
    static int done;
    if (done)
        return &p;
    char *prefix = installed_prefix(); /* kept for the life of the process */
    p.prefix = prefix;
    if (prefix) {
        p.source_dir = env_or("RACEKIT_SOURCE_DIR", ".");
        p.build_dir = env_or("RACEKIT_BUILD_DIR", "build");
        p.include_dir = env_or("RACEKIT_INCLUDE_DIR", rk_xasprintf("%s/include", prefix));
        p.hook_source = env_or("RACEKIT_HOOK_SOURCE", rk_xasprintf("%s/share/racekit/tsan_hook.c", prefix));
        p.template_dir = env_or("RACEKIT_TEMPLATE_DIR", rk_xasprintf("%s/share/racekit/templates", prefix));
    } else {
        p.source_dir = env_or("RACEKIT_SOURCE_DIR", RK_DEFAULT_SOURCE_DIR);
        p.build_dir = env_or("RACEKIT_BUILD_DIR", RK_DEFAULT_BUILD_DIR);
        p.include_dir = env_or("RACEKIT_INCLUDE_DIR", RK_DEFAULT_INCLUDE_DIR);
        p.hook_source = env_or("RACEKIT_HOOK_SOURCE", RK_DEFAULT_HOOK_SOURCE);
        p.template_dir = env_or("RACEKIT_TEMPLATE_DIR", RK_DEFAULT_TEMPLATE_DIR);
    }
    p.cc = env_or("RACEKIT_CC", RK_DEFAULT_CC);
    done = 1;
    return &p;
}
