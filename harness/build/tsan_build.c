/* tsan_build.c - how a variant is compiled for each detector, and for
 * witness runs (see tsan_build.h). */
#include "tsan_build.h"
#include "util/util.h"
#include "unseen.h"

#include <stdlib.h>
#include <string.h>

void rk_variant_build_init(rk_build *b, const rk_detector *d, const char *cc,
                           const char *cache_kind, const char *topic, const char *name,
                           const char *variant, const char *cflags,
                           const char *const *extra_flags)
{
    const rk_paths *p = rk_paths_get();
    /* The dialect of a plain `cc`: no -std and no feature-test macro, so
     * every libc call means what it means outside the kit (under
     * -D_POSIX_C_SOURCE, glibc maps signal() to __sysv_signal, which TSan
     * does not intercept, and usleep() is not declared). */
    static const char *const common[] = { "-pthread", NULL };
    static const char *const tsan[] = { "-fsanitize=thread", "-g", "-O1", "-fno-omit-frame-pointer", NULL };
    /* Valgrind 3.19 cannot read clang 14's default DWARF 5. */
    static const char *const valgrind[] = { "-gdwarf-4", "-O1", "-fno-omit-frame-pointer", NULL };
    /* Witness runs: an ordinary optimised build, the ordering barrier off. */
    static const char *const witness[] = { "-O2", "-DRACEKIT_WITNESS=1", NULL };
    const char *const *family = d == NULL ? witness : d->family == RK_FAMILY_TSAN ? tsan : valgrind;

    memset(b, 0, sizeof *b);
    b->cc = cc;
    for (const char *const *f = common; *f; f++)
        rk_sl_add(&b->flags, *f);
    for (const char *const *f = family; *f; f++)
        rk_sl_add(&b->flags, *f);
    for (const char *const *f = extra_flags; f && *f; f++)
        rk_sl_add(&b->flags, *f);
    char *inc = rk_xasprintf("-I%s", p->include_dir);
    rk_sl_add(&b->flags, inc);
    free(inc);
    if (d && d->family == RK_FAMILY_TSAN) {
        rk_sl_add(&b->link_flags, "-fsanitize=thread");
        /* The runtime calls the hook's __tsan_on_finalize (the channel's
         * bye) only when the executable exports it. */
        rk_sl_add(&b->link_flags, "-Wl,--export-dynamic-symbol=__tsan_on_finalize");
        b->hook_source = p->hook_source;
    }
    rk_sl_add(&b->link_flags, "-pthread");
    if (d)
        rk_unseen_trace_flags(&b->link_flags);
    if (cflags)
        rk_sl_split(&b->link_flags, cflags);
    b->cache_dir = rk_xasprintf("%s/cache/%s/%s/%s/%s", p->build_dir, cache_kind, topic, name, variant);
    b->hook_cache = rk_xasprintf("%s/cache/hooks", p->build_dir);
}

void rk_tsan_build_init(rk_build *b, const char *cache_kind, const char *topic,
                        const char *name, const char *variant, const char *cflags,
                        const char *const *extra_flags)
{
    rk_variant_build_init(b, rk_detector_find("tsan"), rk_paths_get()->cc, cache_kind, topic,
                          name, variant, cflags, extra_flags);
}

void rk_tsan_build_free(rk_build *b)
{
    free((char *)b->cache_dir);
    free((char *)b->hook_cache);
    rk_build_free(b);
    memset(b, 0, sizeof *b);
}
