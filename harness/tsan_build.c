/* tsan_build.c - how a variant is compiled for TSan (see tsan_build.h). */
#include "tsan_build.h"
#include "paths.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void rk_tsan_build_init(rk_build *b, const char *cache_kind, const char *topic,
                        const char *name, const char *variant, const char *cflags,
                        const char *const *extra_flags)
{
    const rk_paths *p = rk_paths_get();
    static const char *const flags[] = {
        "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-fsanitize=thread", "-g", "-O1",
        "-fno-omit-frame-pointer", "-pthread", NULL,
    };
    memset(b, 0, sizeof *b);
    b->cc = p->cc;
    for (const char *const *f = flags; *f; f++)
        rk_sl_add(&b->flags, *f);
    for (const char *const *f = extra_flags; f && *f; f++)
        rk_sl_add(&b->flags, *f);
    char *inc = rk_xasprintf("-I%s", p->include_dir);
    rk_sl_add(&b->flags, inc);
    free(inc);
    rk_sl_add(&b->link_flags, "-fsanitize=thread");
    rk_sl_add(&b->link_flags, "-pthread");
    if (cflags)
        rk_sl_split(&b->link_flags, cflags);
    b->hook_source = p->hook_source;
    b->cache_dir = rk_xasprintf("%s/cache/%s/%s/%s/%s", p->build_dir, cache_kind, topic, name, variant);
    b->hook_cache = rk_xasprintf("%s/cache/tsan", p->build_dir);
}

void rk_tsan_build_free(rk_build *b)
{
    free((char *)b->cache_dir);
    free((char *)b->hook_cache);
    rk_build_free(b);
    memset(b, 0, sizeof *b);
}
