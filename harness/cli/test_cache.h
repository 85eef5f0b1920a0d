/* test_cache.h - a test's last pass, kept while nothing it reads changes
 * (`racekit cached`, docs/performance.md "The test cache").
 *
 * Like `go test`'s cache: a test whose command, input files and
 * environment are exactly those of its last pass is not run again; its
 * pass stands. A failure is never kept, so a failing test runs every time.
 * The key is built from what the test reads, named by stat (path, type,
 * size, modification time, inode), which is what an edit, a checkout, a
 * rebuild or a package upgrade changes. */
#ifndef RK_TEST_CACHE_H
#define RK_TEST_CACHE_H

#include "util/util.h"

#include <stddef.h>
#include <stdint.h>

/* rk_test_key - the key of a test's inputs:
 *   - the command `argv` (NULL-ended) and every regular file it names;
 *   - each of `inputs`: a file, or a folder walked whole (entries whose
 *     name starts with '.' and __pycache__ folders left out);
 *   - this racekit's executable and the kit's own files: the case header's
 *     folder, the hook's folder, the scheduler runtime's folder;
 *   - the compiler of the default detector, and the installed packages
 *     (dpkg's status file, which every install or upgrade rewrites);
 *   - the environment that steers racekit, the sanitizers and the programs
 *     found (RACEKIT_* but RACEKIT_TEST_CACHE, *SAN_OPTIONS, PATH,
 *     LD_PRELOAD, LD_LIBRARY_PATH), the user, the kernel and the working
 *     directory.
 * A path that cannot be read counts as "missing" (so its appearing changes
 * the key). Never fails. */
uint64_t rk_test_key(char *const argv[], const rk_strlist *inputs);

/* rk_test_stamp_path - where the pass of the test run by `argv` is kept:
 * <build>/test-cache/<hash of the command and working directory>. Caller
 * frees. */
char *rk_test_stamp_path(char *const argv[]);

/* rk_test_stamp_read - 1 when the stamp at `path` holds `key` (the test
 * passed with these inputs), with the time of that pass in `when` (as
 * written, e.g. "2026-12-06 03:10:12 UTC"; size `n`); 0 otherwise. */
int rk_test_stamp_read(const char *path, uint64_t key, char *when, size_t n);

/* rk_test_stamp_write - record a pass with `key` at `path` (atomically;
 * folders made). Returns 0, or -1 with errno set. */
int rk_test_stamp_write(const char *path, uint64_t key);

#endif
