/* tool.h - the programs the harness itself runs after or around a graded
 * program (gdb on a hang, addr2line and nm for the scheduler's timelines,
 * TSan's llvm-symbolizer, valgrind): found by absolute path when racekit
 * was configured (config.h), never on PATH when a check runs, and refused
 * when the graded programs' uid could have replaced them.
 *
 * A graded program runs as some uid (bounds.h): as root, the sandbox's own
 * uid, never root itself; otherwise the user. What
 * that uid can write it can replace, and a tool it replaced would run with
 * the harness's rights, outside the sandbox, in a later check. So a tool
 * is used only when neither its file nor any folder above it (for a
 * symlink, above the link and above its target) is writable by that uid,
 * leaving out the folders the sandbox binds read-only for the program.
 *
 *     char *why = NULL, *gdb = rk_tool_path(RK_TOOL_GDB, NULL, &why);
 *     if (gdb == NULL) ... say why (one line), do without gdb ...
 */
#ifndef RK_TOOL_H
#define RK_TOOL_H

#include "bounds.h"

typedef enum {
    RK_TOOL_GDB,
    RK_TOOL_ADDR2LINE,
    RK_TOOL_NM,
    RK_TOOL_SYMBOLIZER, /* llvm-symbolizer; clang's own beside it is preferred */
    RK_TOOL_VALGRIND,
} rk_tool;

/* rk_tool_name - "gdb", "addr2line", ... (static storage). */
const char *rk_tool_name(rk_tool tool);

/* rk_tool_path - the absolute path of `tool` recorded at configure time,
 * or for gdb the one RACEKIT_GDB names (an absolute path; "none": no gdb),
 * checked by rk_tool_refusal against the programs of sandbox `s` (NULL:
 * the sandbox open now, else the last one closed, else the one a check
 * would choose). Returns the path (caller frees), or NULL with *why set to
 * one line saying why the tool is not used (caller frees; NULL when the
 * user turned it off with RACEKIT_GDB=none). */
char *rk_tool_path(rk_tool tool, const rk_sandbox *s, char **why);

/* rk_tool_find - rk_tool_path for the sandbox of now (or the last), and
 * when the tool is not used, "racekit: <why>; <skipped>" on stderr, once
 * per tool and process (`skipped` says what goes without it). Returns the
 * path (caller frees) or NULL. */
char *rk_tool_find(rk_tool tool, const char *skipped);

/* rk_tool_refusal - why the harness must not run the program at `path`:
 * it is not an absolute path, not an executable file, or the uid of the
 * programs run in `s` (NULL as above) could write it or a folder above it.
 * Returns one line naming the path and the reason (caller frees), or NULL
 * when the tool may be used. */
char *rk_tool_refusal(const char *path, const rk_sandbox *s);

#endif
