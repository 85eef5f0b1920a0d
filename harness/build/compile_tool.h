/* compile_tool.h - the compiler as a tool (compile.c): who it is, and
 * running it. Internal to compile*.c. */
#ifndef RK_COMPILE_TOOL_H
#define RK_COMPILE_TOOL_H

#include "util/util.h"

#include <stdint.h>

/* rk_compiler_identity - a hash of the compiler at `cc_path`: its resolved
 * path, size and modification time (the path as given when it cannot be
 * resolved, no size and time when it cannot be stat'ed). */
uint64_t rk_compiler_identity(const char *cc_path);

/* rk_compiler_run - run a compiler command `argv` (argv[0] its path;
 * trusted, no sandbox, at most 300 s). Its stderr and, on failure, how it
 * ended go to `diag`; its stdout to `out` unless NULL. Returns 0 when it
 * exited 0, 1 when it ran and failed, -1 when it could not run. */
int rk_compiler_run(char **argv, rk_strbuf *diag, rk_strbuf *out);

#endif
