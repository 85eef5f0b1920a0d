/* compile.h - build one variant, with a cache keyed by content.
 *
 * A cached binary is reused only when the compiler (path, size, mtime), the
 * flags, the hook object and the content of every file the last compile
 * read (the source and its non-system headers, from the compiler's depfile)
 * are unchanged and the binary still has the size it was built with;
 * anything else recompiles. The compiler's messages are kept with the
 * entry, so a hit reports the warnings of the build it reuses. Cache files
 * are not synced to disk (fsutil.h): what a crash can leave behind (an empty
 * binary, object or probe) is never taken for a valid entry. */
#ifndef RK_COMPILE_H
#define RK_COMPILE_H

#include "util/util.h"

typedef struct {
    const char *cc;          /* compiler path or name on PATH */
    rk_strlist flags;        /* flags before the source (owned) */
    rk_strlist link_flags;   /* flags after the source and hook (owned) */
    const char *hook_source; /* compiled once and linked in, or NULL */
    const char *cache_dir;   /* directory for this variant's cache entry */
    const char *hook_cache;  /* directory for the compiled hook object */
} rk_build;

typedef struct {
    int ok;                /* 1: `binary` is ready */
    int cached;            /* 1: reused without compiling */
    char *binary;          /* owned: path of the executable */
    rk_strbuf diagnostics; /* the compiler's messages (warnings or errors); on a
                            * cache hit, those of the build it reuses */
    char *compiler_version;/* owned: first line of `cc --version` */
    double duration_s;
} rk_build_result;

/* rk_compile - make sure `cache_dir/bin` is `source` built with `b`. Returns
 * 0 with res->ok = 1 on success, 0 with res->ok = 0 when the source does
 * not compile (diagnostics kept), or -1 when the compiler cannot be run at
 * all (res->diagnostics says why). Free *res with rk_build_result_free. */
int rk_compile(const rk_build *b, const char *source, rk_build_result *res);

/* The files a build read, for `racekit cached` (docs/performance.md, "The
 * test cache"): when RACEKIT_CACHE_READS names a file, every rk_compile
 * and rk_compile_syntax that ran the compiler or reused a cached build,
 * whether the variant compiled or not, appends to it one line per file the
 * compiler read (its depfile, system headers left out), in one write:
 *     <16 hex digits: FNV-1a of the content> <absolute path>
 * or, when the file changed after the build began (its ctime, or its
 * link's, is not older) or cannot be read,
 *     changed <absolute path>
 * or, when the compiler wrote no depfile, for the source
 *     unknown <absolute path>
 * A line is written after the compile, so its hash is what the compiler
 * read unless the line says otherwise. */

/* rk_compile_reads_append - append `text` (such lines) to the list at
 * `path` in one write (O_APPEND: builds running at once do not mix their
 * lines); the list is not created. On a failed or short write the list is
 * removed, which `racekit cached` reads as "the files read are unknown",
 * so a lost line can never keep a pass. */
void rk_compile_reads_append(const char *path, const char *text);

/* rk_compile_syntax - run the compiler over `source` with b->flags and
 * -fsyntax-only: its messages only, no binary and no cache (no code
 * generation, no link: a fraction of a TSan build), for `racekit lint`'s
 * warnings. res->ok when it accepted the code; res->diagnostics holds its
 * messages. Returns 0, or -1 when the compiler cannot be run. */
int rk_compile_syntax(const rk_build *b, const char *source, rk_build_result *res);

/* rk_compile_preprocess - run the compiler over `source` with b->flags
 * and -E: the translation unit as the compiler reads it, macros expanded
 * and headers included, with its line markers, appended to `out`
 * (exercise rules scan it: judge/exercise.h). res->ok when it preprocessed;
 * res->diagnostics holds its messages. Returns 0, or -1 when the compiler
 * cannot be run. */
int rk_compile_preprocess(const rk_build *b, const char *source, rk_strbuf *out, rk_build_result *res);

/* rk_compiler_version - first line of `cc --version`, cached per compiler
 * identity in `cache_dir`; NULL when the compiler cannot be run. Caller
 * frees. */
char *rk_compiler_version(const char *cc, const char *cache_dir);

/* rk_compiler_probe - the first line `cc <flag>` prints (e.g. flag
 * "-print-file-name=libtsan.so"), cached per compiler identity and flag in
 * `cache_dir`; NULL when the compiler cannot be run. Caller frees. */
char *rk_compiler_probe(const char *cc, const char *cache_dir, const char *flag);

/* rk_build_free, rk_build_result_free - release owned members. */
void rk_build_free(rk_build *b);
void rk_build_result_free(rk_build_result *res);

#endif
