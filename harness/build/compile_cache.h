/* compile_cache.h - a variant's entry in the compile cache (compile.c): its
 * key, whether it still matches, and the compiler's messages kept with it.
 * An entry is the files bin, key, deps and log of rk_build.cache_dir.
 * Internal to compile*.c. */
#ifndef RK_COMPILE_CACHE_H
#define RK_COMPILE_CACHE_H

#include "compile.h"
#include "util/util.h"

#include <stdint.h>

enum { DEPS_MAX = 1 << 20 }; /* bytes read of a depfile, deps list or log */

/* rk_cache_base_key - the hash of everything but the dependency contents:
 * the compiler's identity, the source's path, b's flags and link flags and
 * the hook object's path (NULL: none). */
uint64_t rk_cache_base_key(const rk_build *b, const char *cc_path, const char *hook_obj, const char *source);

/* rk_cache_entry_key - the key of a cache entry: `base` and the path and
 * content of each file in `deps`. Returns 0 with *key set, or -1 when a
 * dependency cannot be read. */
int rk_cache_entry_key(uint64_t base, const rk_strlist *deps, uint64_t *key);

/* rk_cache_parse_depfile - add to `deps` the files of the Make-style
 * depfile `text`, each once, system headers (/usr/...) left out: they change
 * only with the compiler, which is in the key. */
void rk_cache_parse_depfile(const char *text, rk_strlist *deps);

/* rk_cache_key_text - what the key file of an entry holds: the key and the
 * size of the binary `bin`. Files are not synced (fsutil.h), so after a
 * crash the binary may be empty while the key survives; the size makes
 * such an entry a miss. A missing binary gives size -1, which never
 * matches. Caller frees. */
char *rk_cache_key_text(uint64_t key, const char *bin);

/* rk_cache_hit - 1 when the entry in b->cache_dir matches the inputs of
 * key `base` (and still has its compiler messages), with the files the
 * entry's build read added to `deps`; else 0. */
int rk_cache_hit(const rk_build *b, uint64_t base, rk_strlist *deps);

/* rk_cache_load_log - append to `diag` the compiler's messages of the
 * build the entry in `cache_dir` holds (nothing when there are none). */
void rk_cache_load_log(const char *cache_dir, rk_strbuf *diag);

#endif
