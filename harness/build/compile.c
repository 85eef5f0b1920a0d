/* compile.c - build a variant with a content-keyed cache (see compile.h). */
#define _XOPEN_SOURCE 700
#include "compile.h"
#include "compile_cache.h"
#include "compile_hook.h"
#include "compile_tool.h"
#include "util/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Run the compiler for a cache miss and store the entry in b->cache_dir
 * (binary, deps, log, then key); returns like rk_compile, with res->binary
 * (owned by *res) and res->ok set on success. */
static int build_binary(const rk_build *b, const char *cc_path, const char *source,
                        const char *hook_obj, uint64_t base, rk_build_result *res)
{
    char *bin = rk_path_join(b->cache_dir, "bin");
    char *tmp = rk_xasprintf("%s.tmp.%ld", bin, (long)getpid());
    char *depfile = rk_xasprintf("%s.d", tmp);
    rk_strlist argv = RK_STRLIST_INIT;
    rk_sl_add(&argv, cc_path);
    for (int i = 0; i < b->flags.n; i++)
        rk_sl_add(&argv, b->flags.items[i]);
    rk_sl_add(&argv, "-MD");
    rk_sl_add(&argv, "-MF");
    rk_sl_add(&argv, depfile);
    rk_sl_add(&argv, "-o");
    rk_sl_add(&argv, tmp);
    rk_sl_add(&argv, source);
    if (hook_obj)
        rk_sl_add(&argv, hook_obj);
    for (int i = 0; i < b->link_flags.n; i++)
        rk_sl_add(&argv, b->link_flags.items[i]);
    char **args = rk_sl_argv(&argv);
    int rc = rk_compiler_run(args, &res->diagnostics, NULL);
    free(args);
    if (rc == 0) {
        rk_strlist deps = RK_STRLIST_INIT;
        char *dtext = rk_read_file(depfile, DEPS_MAX, NULL);
        if (dtext)
            rk_cache_parse_depfile(dtext, &deps);
        free(dtext);
        if (!rk_sl_contains(&deps, source))
            rk_sl_add(&deps, source);
        uint64_t key;
        char *deps_text = rk_sl_join(&deps, "\n");
        char *deps_path = rk_path_join(b->cache_dir, "deps");
        char *key_path = rk_path_join(b->cache_dir, "key");
        char *log_path = rk_path_join(b->cache_dir, "log");
        const char *log = rk_sb_cstr(&res->diagnostics);
        /* The messages go with the binary: a cache hit shows the same warnings. */
        if (rename(tmp, bin) < 0 || rk_cache_entry_key(base, &deps, &key) < 0 ||
            rk_write_file_atomic(deps_path, deps_text, strlen(deps_text)) < 0 ||
            rk_write_file_atomic(log_path, log, strlen(log)) < 0) {
            rk_sb_printf(&res->diagnostics, "cannot store the build in %s: %s\n", b->cache_dir, strerror(errno));
            rc = -1;
        } else {
            char *stored = rk_cache_key_text(key, bin);
            rk_write_file_atomic(key_path, stored, strlen(stored));
            free(stored);
            res->binary = rk_xstrdup(bin);
            res->ok = 1;
        }
        free(deps_text), free(deps_path), free(key_path), free(log_path);
        rk_sl_free(&deps);
    }
    unlink(tmp);
    unlink(depfile);
    rk_sl_free(&argv);
    free(bin), free(tmp), free(depfile);
    return rc < 0 ? -1 : 0;
}

/* Start a build: *res emptied, and the compiler's full path (caller
 * frees), or NULL with the message in res->diagnostics. */
static char *begin_build(const rk_build *b, rk_build_result *res)
{
    memset(res, 0, sizeof *res);
    char *cc_path = rk_find_program(b->cc);
    if (cc_path == NULL)
        rk_sb_printf(&res->diagnostics, "compiler '%s' not found\n", b->cc);
    return cc_path;
}

int rk_compile_syntax(const rk_build *b, const char *source, rk_build_result *res)
{
    double start = rk_now();
    char *cc_path = begin_build(b, res);
    if (cc_path == NULL)
        return -1;
    rk_strlist argv = RK_STRLIST_INIT;
    rk_sl_add(&argv, cc_path);
    for (int i = 0; i < b->flags.n; i++)
        rk_sl_add(&argv, b->flags.items[i]);
    rk_sl_add(&argv, "-fsyntax-only");
    rk_sl_add(&argv, source);
    char **args = rk_sl_argv(&argv);
    int rc = rk_compiler_run(args, &res->diagnostics, NULL);
    free(args);
    rk_sl_free(&argv);
    free(cc_path);
    res->ok = rc == 0;
    res->duration_s = rk_now() - start;
    return rc < 0 ? -1 : 0;
}

int rk_compile(const rk_build *b, const char *source, rk_build_result *res)
{
    double start = rk_now();
    char *cc_path = begin_build(b, res);
    if (cc_path == NULL)
        return -1;
    int rc = 0;
    char *hook_obj = NULL;
    if (b->hook_source && (hook_obj = rk_compile_hook_object(b, cc_path, &res->diagnostics)) == NULL)
        rc = -1;
    if (rc == 0 && rk_mkdir_p(b->cache_dir) < 0) {
        rk_sb_printf(&res->diagnostics, "cannot create %s: %s\n", b->cache_dir, strerror(errno));
        rc = -1;
    }
    if (rc == 0) {
        uint64_t base = rk_cache_base_key(b, cc_path, hook_obj, source);
        if (rk_cache_hit(b, base)) {
            res->ok = res->cached = 1;
            res->binary = rk_path_join(b->cache_dir, "bin");
            rk_cache_load_log(b->cache_dir, &res->diagnostics);
        } else {
            rc = build_binary(b, cc_path, source, hook_obj, base, res);
        }
    }
    free(hook_obj);
    free(cc_path);
    res->duration_s = rk_now() - start;
    return rc;
}

void rk_build_free(rk_build *b)
{
    rk_sl_free(&b->flags);
    rk_sl_free(&b->link_flags);
}

void rk_build_result_free(rk_build_result *res)
{
    free(res->binary);
    free(res->compiler_version);
    rk_sb_free(&res->diagnostics);
    memset(res, 0, sizeof *res);
}
