/* compile_cache.c - a variant's entry in the compile cache (see compile_cache.h). */
#define _XOPEN_SOURCE 700
#include "compile_cache.h"
#include "compile_tool.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint64_t rk_cache_base_key(const rk_build *b, const char *cc_path, const char *hook_obj, const char *source)
{
    /* The source's path, not only the files the last build read: two
     * cases roots (two students' exercise folders) hold the same case id,
     * whose entry must not serve the other's source. */
    uint64_t h = rk_hash_str(rk_compiler_identity(cc_path), source);
    for (int i = 0; i < b->flags.n; i++)
        h = rk_hash_str(h, b->flags.items[i]);
    h = rk_hash_str(h, "--");
    for (int i = 0; i < b->link_flags.n; i++)
        h = rk_hash_str(h, b->link_flags.items[i]);
    return rk_hash_str(h, hook_obj ? hook_obj : "");
}

int rk_cache_entry_key(uint64_t base, const rk_strlist *deps, uint64_t *key)
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

void rk_cache_parse_depfile(const char *text, rk_strlist *deps)
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

/* Append each line of the file `path` (at most DEPS_MAX bytes read) to
 * `out`; nothing when it cannot be read. */
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

char *rk_cache_key_text(uint64_t key, const char *bin)
{
    struct stat st;
    long long size = stat(bin, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
    return rk_xasprintf("%016" PRIx64 " %lld", key, size);
}

int rk_cache_hit(const rk_build *b, uint64_t base, rk_strlist *out)
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
    if (stored && deps.n > 0 && access(log_path, R_OK) == 0 && rk_cache_entry_key(base, &deps, &key) == 0) {
        char *want = rk_cache_key_text(key, bin);
        hit = strcmp(want, stored) == 0;
        free(want);
    }
    for (int i = 0; hit && i < deps.n; i++)
        rk_sl_add(out, deps.items[i]);
    free(stored), free(deps_path), free(key_path), free(bin), free(log_path);
    rk_sl_free(&deps);
    return hit;
}

void rk_cache_load_log(const char *cache_dir, rk_strbuf *diag)
{
    char *path = rk_path_join(cache_dir, "log");
    size_t len = 0;
    char *text = rk_read_file(path, DEPS_MAX, &len);
    if (text)
        rk_sb_add(diag, text, len);
    free(text);
    free(path);
}
