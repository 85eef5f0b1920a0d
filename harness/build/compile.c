/* compile.c - build a variant with a content-keyed cache (see compile.h). */
#define _XOPEN_SOURCE 700
#include "compile.h"
#include "compile_cache.h"
#include "compile_hook.h"
#include "compile_reads.h"
#include "compile_tool.h"
#include "util/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Add to `deps` the files of the compiler's depfile and `source`
 * (named even when the depfile is missing). */
static void read_depfile(const char *depfile, const char *source, rk_strlist *deps)
{
    char *text = rk_read_file(depfile, DEPS_MAX, NULL);
    if (text)
        rk_cache_parse_depfile(text, deps);
    free(text);
    if (!rk_sl_contains(deps, source))
        rk_sl_add(deps, source);
}

/* Name the files a compile begun at `since` read to racekit cached, from
 * its depfile, whether it succeeded or not (a test may pass on a build
 * error); with no depfile (a missing header stops the compiler before it
 * writes one) the reads are unknown, which keeps no pass. */
static void note_compile(const char *depfile, const char *source, struct timespec since)
{
    if (access(depfile, R_OK) != 0) {
        rk_compile_note_unknown(source);
        return;
    }
    rk_strlist deps = RK_STRLIST_INIT;
    read_depfile(depfile, source, &deps);
    rk_compile_note_reads(&deps, since);
    rk_sl_free(&deps);
}

/* Run the compiler for a cache miss, begun at `since`, and store the
 * entry in b->cache_dir (binary, deps, log, then key); returns like
 * rk_compile, with res->binary (owned by *res) and res->ok set on success;
 * the files read are named to racekit cached either way. */
static int build_binary(const rk_build *b, const char *cc_path, const char *source,
                        const char *hook_obj, uint64_t base, struct timespec since, rk_build_result *res)
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
    note_compile(depfile, source, since);
    if (rc == 0) {
        rk_strlist deps = RK_STRLIST_INIT;
        read_depfile(depfile, source, &deps);
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

/* The depfile a syntax-only run writes for racekit cached (caller
 * frees), or NULL when no list of reads is wanted. */
static char *syntax_depfile(const rk_build *b)
{
    const char *notes = getenv("RACEKIT_CACHE_READS");
    if (notes == NULL || *notes == '\0')
        return NULL;
    rk_mkdir_p(b->cache_dir); /* when it fails, no depfile: the reads are unknown */
    return rk_xasprintf("%s/syntax.d.%ld", b->cache_dir, (long)getpid());
}

int rk_compile_syntax(const rk_build *b, const char *source, rk_build_result *res)
{
    double start = rk_now();
    struct timespec since = rk_compile_reads_since();
    char *cc_path = begin_build(b, res);
    if (cc_path == NULL)
        return -1;
    char *depfile = syntax_depfile(b);
    rk_strlist argv = RK_STRLIST_INIT;
    rk_sl_add(&argv, cc_path);
    for (int i = 0; i < b->flags.n; i++)
        rk_sl_add(&argv, b->flags.items[i]);
    rk_sl_add(&argv, "-fsyntax-only");
    if (depfile) {
        rk_sl_add(&argv, "-MD");
        rk_sl_add(&argv, "-MF");
        rk_sl_add(&argv, depfile);
    }
    rk_sl_add(&argv, source);
    char **args = rk_sl_argv(&argv);
    int rc = rk_compiler_run(args, &res->diagnostics, NULL);
    free(args);
    rk_sl_free(&argv);
    free(cc_path);
    res->ok = rc == 0;
    if (depfile) {
        note_compile(depfile, source, since);
        unlink(depfile);
    }
    free(depfile);
    res->duration_s = rk_now() - start;
    return rc < 0 ? -1 : 0;
}

int rk_compile_preprocess(const rk_build *b, const char *source, rk_strbuf *out, rk_build_result *res)
{
    char *cc_path = begin_build(b, res);
    if (cc_path == NULL)
        return -1;
    rk_strlist argv = RK_STRLIST_INIT;
    rk_sl_add(&argv, cc_path);
    for (int i = 0; i < b->flags.n; i++)
        rk_sl_add(&argv, b->flags.items[i]);
    rk_sl_add(&argv, "-E");
    rk_sl_add(&argv, source);
    char **args = rk_sl_argv(&argv);
    int rc = rk_compiler_run(args, &res->diagnostics, out);
    free(args);
    rk_sl_free(&argv);
    free(cc_path);
    res->ok = rc == 0;
    return rc < 0 ? -1 : 0;
}

int rk_compile(const rk_build *b, const char *source, rk_build_result *res)
{
    double start = rk_now();
    struct timespec since = rk_compile_reads_since();
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
        rk_strlist deps = RK_STRLIST_INIT;
        if (rk_cache_hit(b, base, &deps)) {
            res->ok = res->cached = 1;
            res->binary = rk_path_join(b->cache_dir, "bin");
            rk_cache_load_log(b->cache_dir, &res->diagnostics);
            rk_compile_note_reads(&deps, since);
        } else {
            rc = build_binary(b, cc_path, source, hook_obj, base, since, res);
        }
        rk_sl_free(&deps);
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
