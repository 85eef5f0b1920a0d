/* compile_hook.h - the hook object (compile.c): rk_build.hook_source
 * compiled once per compiler and hook content, shared by every variant
 * linked with it. Internal to compile*.c. */
#ifndef RK_COMPILE_HOOK_H
#define RK_COMPILE_HOOK_H

#include "compile.h"
#include "util/util.h"

/* rk_compile_hook_object - the path of b->hook_source compiled with the
 * compiler at `cc_path` (b->hook_cache/hook-<hash>.o, where the hash covers
 * the compiler, the hook source and the headers beside it), compiled now
 * unless already there. Returns it (caller frees), or NULL with the
 * message in `diag`. */
char *rk_compile_hook_object(const rk_build *b, const char *cc_path, rk_strbuf *diag);

#endif
