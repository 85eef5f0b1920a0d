/* compile.c - build a variant with a content-keyed cache (see compile.h). */
#define _XOPEN_SOURCE 700
#include "compile.h"
#include "util/util.h"
#include "sandbox/sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

enum { COMPILE_TIMEOUT_S = 300, DEPS_MAX = 1 << 20 };

char *rk_find_program(const char *name)
{
    if (strchr(name, '/'))
        return access(name, X_OK) == 0 ? rk_xstrdup(name) : NULL;
    const char *path = getenv("PATH");
    if (path == NULL)
        path = "/usr/local/bin:/usr/bin:/bin";
    char *copy = rk_xstrdup(path), *save = NULL, *found = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        char *full = rk_path_join(*dir ? dir : ".", name);
        if (access(full, X_OK) == 0 && rk_is_file(full))
            found = full;
        else
            free(full);
    }
    free(copy);
    return found;
}

/* The compiler's identity: resolved path, size and modification time. */
static uint64_t compiler_identity(const char *cc_path)
{
    uint64_t h = RK_HASH_INIT;
    char *real = realpath(cc_path, NULL);
    struct stat st;
    memset(&st, 0, sizeof st);
    h = rk_hash_str(h, real ? real : cc_path);
    if (stat(real ? real : cc_path, &st) == 0) {
        h = rk_hash_bytes(h, &st.st_size, sizeof st.st_size);
        h = rk_hash_bytes(h, &st.st_mtim, sizeof st.st_mtim);
    }
    free(real);
    return h;
}

/* Run a compiler command; returns 0 when it exited 0, 1 when it ran and
 * failed, -1 when it could not run. Messages go to `diag`. */
static int run_tool(char **argv, rk_strbuf *diag, rk_strbuf *out)
{
    rk_spawn_opts o = RK_SPAWN_OPTS_INIT;
    o.argv = argv;
    o.envp = environ;
    o.timeout_s = COMPILE_TIMEOUT_S;
    o.capture_cap = 256 << 10;
    rk_run r;
    if (rk_spawn(&o, &r) < 0) {
        rk_sb_printf(diag, "cannot start %s: %s\n", argv[0], strerror(errno));
        return -1;
    }
    rk_sb_add(diag, r.err.buf ? r.err.buf : "", r.err.len);
    if (out)
        rk_sb_add(out, r.out.buf ? r.out.buf : "", r.out.len);
    int rc = 0;
    if (r.end == RK_END_SPAWN_ERROR) {
        rk_sb_printf(diag, "%s\n", r.error);
        rc = -1;
    } else if (r.end != RK_END_EXIT || r.status != 0) {
        char *how = rk_end_describe(&r);
        rk_sb_printf(diag, "%s %s\n", argv[0], how);
        free(how);
        rc = 1;
    }
    rk_run_free(&r);
    return rc;
}

char *rk_compiler_probe(const char *cc, const char *cache_dir, const char *flag)
{
    char *cc_path = rk_find_program(cc);
    if (cc_path == NULL)
        return NULL;
    uint64_t id = rk_hash_str(compiler_identity(cc_path), flag);
    char *file = rk_xasprintf("%s/probe-%016" PRIx64, cache_dir, id);
    char *text = rk_read_file(file, 4096, NULL);
    if (text && *text == '\0') /* left empty by a crash (fsutil.h): probe again */
        text = (free(text), NULL);
    if (text == NULL) {
        char *argv[] = { cc_path, (char *)flag, NULL };
        rk_strbuf diag = RK_STRBUF_INIT, out = RK_STRBUF_INIT;
        if (run_tool(argv, &diag, &out) == 0) {
            const char *s = rk_sb_cstr(&out);
            text = rk_xstrndup(s, strcspn(s, "\n"));
            rk_write_file_atomic(file, text, strlen(text));
        }
        rk_sb_free(&diag);
        rk_sb_free(&out);
    }
    free(file);
    free(cc_path);
    return text;
}

char *rk_compiler_version(const char *cc, const char *cache_dir)
{
    return rk_compiler_probe(cc, cache_dir, "--version");
}

/* Hash of everything but the dependency contents. */
static uint64_t base_key(const rk_build *b, const char *cc_path, const char *hook_obj, const char *source)
{
    /* The source's path, not only the files the last build read: two
     * cases roots (two students' exercise folders) hold the same case id,
     * whose entry must not serve the other's source. */
    uint64_t h = rk_hash_str(compiler_identity(cc_path), source);
    for (int i = 0; i < b->flags.n; i++)
        h = rk_hash_str(h, b->flags.items[i]);
    h = rk_hash_str(h, "--");
    for (int i = 0; i < b->link_flags.n; i++)
        h = rk_hash_str(h, b->link_flags.items[i]);
    return rk_hash_str(h, hook_obj ? hook_obj : "");
}

/* Key of a cache entry: base key + path and content of each dependency.
 * Returns 0 and the key, or -1 when a dependency is gone. */
static int entry_key(uint64_t base, const rk_strlist *deps, uint64_t *key)
{
    uint64_t h = base;
    for (int i = 0; i < deps->n; i++) {
        h = rk_hash_str(h, deps->items[i]);
        if (rk_hash_file(&h, deps->items[i]) < 0)
            return -1;
    }
    *key = h;
    return 0;
}

/* Dependencies from a Make-style depfile, system headers left out (they
 * change only with the compiler, which is in the key). */
static void parse_depfile(const char *text, rk_strlist *deps)
{
    const char *p = strchr(text, ':');
    p = p ? p + 1 : text;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || (*p == '\\' && (p[1] == '\n' || p[1] == '\r')))
            p++;
        const char *start = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            p++;
        if (p == start)
            continue;
        char *dep = rk_xstrndup(start, (size_t)(p - start));
        if (strcmp(dep, "\\") != 0 && strncmp(dep, "/usr/", 5) != 0 && !rk_sl_contains(deps, dep))
            rk_sl_add(deps, dep);
        free(dep);
    }
}

static void read_lines(const char *path, rk_strlist *out)
{
    char *text = rk_read_file(path, DEPS_MAX, NULL);
    if (text == NULL)
        return;
    char *save = NULL;
    for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        rk_sl_add(out, l);
    free(text);
}

/* Fold the headers beside the hook source (it includes them), in name
 * order, into *h: a change to one of them is a new hook object. */
static int hash_hook_headers(uint64_t *h, const char *hook_source)
{
    char *dir = rk_xstrdup(hook_source), *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    struct dirent **names = NULL;
    int n = scandir(slash ? dir : ".", &names, NULL, alphasort), rc = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]->d_name);
        if (rc == 0 && len > 2 && strcmp(names[i]->d_name + len - 2, ".h") == 0) {
            char *path = rk_path_join(slash ? dir : ".", names[i]->d_name);
            rc = rk_hash_file(h, path);
            free(path);
        }
        free(names[i]);
    }
    free(names);
    free(dir);
    return rc;
}

/* Compile the hook object once per compiler and flags; NULL on failure. */
static char *hook_object(const rk_build *b, const char *cc_path, rk_strbuf *diag)
{
    uint64_t h = compiler_identity(cc_path);
    if (rk_hash_file(&h, b->hook_source) < 0 || hash_hook_headers(&h, b->hook_source) < 0) {
        rk_sb_printf(diag, "cannot read the hook source %s: %s\n", b->hook_source, strerror(errno));
        return NULL;
    }
    char *obj = rk_xasprintf("%s/hook-%016" PRIx64 ".o", b->hook_cache, h);
    struct stat st;
    if (stat(obj, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) /* empty: a crash */
        return obj;
    if (rk_mkdir_p(b->hook_cache) < 0) {
        rk_sb_printf(diag, "cannot create %s: %s\n", b->hook_cache, strerror(errno));
        free(obj);
        return NULL;
    }
    char *tmp = rk_xasprintf("%s.tmp.%ld", obj, (long)getpid());
    char *argv[] = { (char *)cc_path, "-c", "-g", "-O1", "-fno-omit-frame-pointer", "-fPIC",
                     "-o", tmp, (char *)b->hook_source, NULL };
    int rc = run_tool(argv, diag, NULL);
    if (rc == 0 && rename(tmp, obj) < 0)
        rc = -1;
    unlink(tmp);
    free(tmp);
    if (rc != 0) {
        free(obj);
        return NULL;
    }
    return obj;
}

/* What the key file of an entry holds: the key and the size of the binary.
 * Files are not synced (fsutil.h), so after a crash the binary may be empty
 * while the key survives; the size makes such an entry a miss. A missing
 * binary gives size -1, which never matches. Caller frees. */
static char *key_text(uint64_t key, const char *bin)
{
    struct stat st;
    long long size = stat(bin, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
    return rk_xasprintf("%016" PRIx64 " %lld", key, size);
}

/* Run the compiler for a cache miss; returns like rk_compile. */
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
    int rc = run_tool(args, &res->diagnostics, NULL);
    free(args);
    if (rc == 0) {
        rk_strlist deps = RK_STRLIST_INIT;
        char *dtext = rk_read_file(depfile, DEPS_MAX, NULL);
        if (dtext)
            parse_depfile(dtext, &deps);
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
        if (rename(tmp, bin) < 0 || entry_key(base, &deps, &key) < 0 ||
            rk_write_file_atomic(deps_path, deps_text, strlen(deps_text)) < 0 ||
            rk_write_file_atomic(log_path, log, strlen(log)) < 0) {
            rk_sb_printf(&res->diagnostics, "cannot store the build in %s: %s\n", b->cache_dir, strerror(errno));
            rc = -1;
        } else {
            char *stored = key_text(key, bin);
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

/* 1 when the cache entry in b->cache_dir matches the current inputs. */
static int cache_hit(const rk_build *b, uint64_t base)
{
    rk_strlist deps = RK_STRLIST_INIT;
    char *deps_path = rk_path_join(b->cache_dir, "deps");
    char *key_path = rk_path_join(b->cache_dir, "key");
    char *bin = rk_path_join(b->cache_dir, "bin");
    char *log_path = rk_path_join(b->cache_dir, "log");
    read_lines(deps_path, &deps);
    char *stored = rk_read_file(key_path, 64, NULL);
    uint64_t key;
    int hit = 0;
    /* An entry without its compiler messages would hide their warnings. */
    if (stored && deps.n > 0 && access(log_path, R_OK) == 0 && entry_key(base, &deps, &key) == 0) {
        char *want = key_text(key, bin);
        hit = strcmp(want, stored) == 0;
        free(want);
    }
    free(stored), free(deps_path), free(key_path), free(bin), free(log_path);
    rk_sl_free(&deps);
    return hit;
}

/* The compiler's messages of the build a cache entry holds. */
static void load_log(const char *cache_dir, rk_strbuf *diag)
{
    char *path = rk_path_join(cache_dir, "log");
    size_t len = 0;
    char *text = rk_read_file(path, DEPS_MAX, &len);
    if (text)
        rk_sb_add(diag, text, len);
    free(text);
    free(path);
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
    int rc = run_tool(args, &res->diagnostics, NULL);
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
    if (b->hook_source && (hook_obj = hook_object(b, cc_path, &res->diagnostics)) == NULL)
        rc = -1;
    if (rc == 0 && rk_mkdir_p(b->cache_dir) < 0) {
        rk_sb_printf(&res->diagnostics, "cannot create %s: %s\n", b->cache_dir, strerror(errno));
        rc = -1;
    }
    if (rc == 0) {
        uint64_t base = base_key(b, cc_path, hook_obj, source);
        if (cache_hit(b, base)) {
            res->ok = res->cached = 1;
            res->binary = rk_path_join(b->cache_dir, "bin");
            load_log(b->cache_dir, &res->diagnostics);
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
