/* tsan_build.h - the one place that says how a variant is compiled for the
 * tsan detector, so `racekit check` and `racekit lint` build the same
 * program (lint only adds warning flags and its own cache). */
#ifndef RK_TSAN_BUILD_H
#define RK_TSAN_BUILD_H

#include "compile.h"
#include "case/case.h"

/* rk_variant_build_init - fill *b to build a variant for detector `d` with
 * compiler `cc`. TSan detectors: C11, POSIX, -fsanitize=thread, -g -O1,
 * frame pointers, the hook linked in. Valgrind detectors: the same without
 * the sanitizer or the hook, with DWARF 4 debug info. d == NULL: a witness
 * build (-O2, no instrumentation, RACEKIT_WITNESS=1 turns the ordering
 * barrier off). Always -I<include dir>, `extra_flags` (NULL-terminated, may
 * be NULL) before the source and the case's `cflags` (may be NULL) on the
 * link line; detector builds also trace the calls of unseen.h at the link.
 * Caches in "<build>/cache/<cache_kind>/<topic>/<name>/<variant>",
 * hook objects in "<build>/cache/hooks". Free with rk_tsan_build_free. */
void rk_variant_build_init(rk_build *b, const rk_detector *d, const char *cc,
                           const char *cache_kind, const char *topic, const char *name,
                           const char *variant, const char *cflags,
                           const char *const *extra_flags);

/* rk_tsan_build_init - rk_variant_build_init for the default detector
 * (`tsan`, the configured clang). */
void rk_tsan_build_init(rk_build *b, const char *cache_kind, const char *topic,
                        const char *name, const char *variant, const char *cflags,
                        const char *const *extra_flags);

/* rk_tsan_build_free - release *b (from either init), including the cache paths it owns. */
void rk_tsan_build_free(rk_build *b);

#endif
