/* build/build.h - the door of harness/build/: what the other stages
 * include. It takes a variant and a detector and gives the binary
 * (content-keyed compile cache, the compiler's messages kept with it), the
 * compiler's warnings one line each, and the calls the detector cannot see. */
#ifndef RK_BUILD_H
#define RK_BUILD_H

#include "compile.h"
#include "tsan_build.h"
#include "unseen.h"
#include "warnings.h"

/* rk_detector_missing - NULL when the machine can run `d` (its compiler
 * and, for TSan, the compiler's TSan runtime; for Valgrind, valgrind), else a
 * new one-line message naming what is missing and the packages to install
 * (caller frees). The runtime probe is cached in `cache_dir` per compiler. */
char *rk_detector_missing(const rk_detector *d, const char *cc, const char *cache_dir);

#endif
