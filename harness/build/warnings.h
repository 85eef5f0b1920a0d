/* warnings.h - the compiler's warnings, one line each, out of its messages. */
#ifndef RK_WARNINGS_H
#define RK_WARNINGS_H

#include "util/util.h"

/* rk_warnings_parse - add to `out` one item per warning in the compiler
 * messages `log` (clang's and gcc's format: "<file>:<line>[:<col>]:
 * warning: <text>"), as "<base name>:<line>[:<col>]: <text>", e.g.
 * "unsafe.c:12:5: implicit declaration of function 'usleep'", in the order
 * they were printed, without repeats. The notes and source excerpts that
 * follow a warning are left out. Never fails. */
void rk_warnings_parse(const char *log, rk_strlist *out);

#endif
