/* tsan_build.h - the one place that says how a variant is compiled for the
 * tsan detector, so `racekit check` and `racekit lint` build the same
 * program (lint only adds warning flags and its own cache). */
#ifndef RK_TSAN_BUILD_H
#define RK_TSAN_BUILD_H

#include "compile.h"

/* rk_tsan_build_init - fill *b for clang's ThreadSanitizer: C11, POSIX,
 * -fsanitize=thread, debug info, -I<include dir>, the hook source, the
 * case's `cflags` (may be NULL) on the link line, and `extra_flags` (a
 * NULL-terminated list, may be NULL) before the source. The build caches in
 * "<build>/cache/<cache_kind>/<topic>/<name>/<variant>"; the hook object in
 * "<build>/cache/tsan". Free with rk_tsan_build_free. */
void rk_tsan_build_init(rk_build *b, const char *cache_kind, const char *topic,
                        const char *name, const char *variant, const char *cflags,
                        const char *const *extra_flags);

/* rk_tsan_build_free - release *b, including the cache paths it owns. */
void rk_tsan_build_free(rk_build *b);

#endif
