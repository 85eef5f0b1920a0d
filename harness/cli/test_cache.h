/* test_cache.h - a test's last pass, kept while nothing it reads changes
 * (`racekit cached`, docs/performance.md "The test cache").
 *
 * Like `go test`'s cache: a test whose command, input files and
 * environment are exactly those of its last pass is not run again; its
 * pass stands. A failure is never kept, so a failing test runs every time.
 * The key is built from the content of what the test reads, not from
 * stat: every byte counts, whatever the size and times say. What it reads
 * is what it is told (its command and --input folders, the kit) and, from
 * the compiler's depfile, every file its builds read: a hidden header, a
 * header in a sibling folder, the target of a symbolic link. The builds
 * know those files, so they name them (RACEKIT_CACHE_READS, build/compile.h)
 * and the stamp of the pass keeps the list, whose contents the next run
 * hashes before it decides; reading the compile cache's deps lists instead
 * would need to know which entries a test used and when. Files in the
 * build folder are the test's own scratch, not inputs. The stat only
 * spares a read: a file's hash is kept with its whole stat, change time
 * included (rk_test_content_hash). */
#ifndef RK_TEST_CACHE_H
#define RK_TEST_CACHE_H

#include "util/util.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* rk_test_key - the key of a test's inputs but the files its builds read
 * (rk_test_key_reads adds those), each file by its type and content:
 *   - the command `argv` (NULL-ended) and every regular file it names;
 *   - each of `inputs`: a file, or a folder walked whole (entries whose
 *     name starts with '.' and __pycache__ folders left out: a hidden
 *     file that matters is one a build read); a symbolic link by its text
 *     and the file it leads to, wherever that is;
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

/* rk_test_content_hash - the FNV-1a hash of the content of the regular
 * file `path`, whose stat is `st`, in *hash: read from the file, or the
 * hash kept in <build>/test-cache/hashes with exactly this stat (device,
 * inode, size, modification and change times; a file is kept only once
 * its times are over a second old, so no later change can share them).
 * Returns 0, or -1 when it cannot be read. */
int rk_test_content_hash(const char *path, const struct stat *st, uint64_t *hash);

/* rk_test_hashes_save - write back the kept hashes when this process
 * added any (atomically; another process's save may win, which only
 * costs a read). */
void rk_test_hashes_save(void);

/* rk_test_stamp_path - where the pass of the test run by `argv` is kept:
 * <build>/test-cache/<hash of the command and working directory>. Caller
 * frees. */
char *rk_test_stamp_path(char *const argv[]);

/* rk_test_reads_parse - the files the builds of one run of a test read,
 * from the `text` of the list they wrote (RACEKIT_CACHE_READS; NULL: the
 * list is gone): its "<hash> <path>" lines are added to `reads`, sorted,
 * each once, but those of files in the build folder (the test's own
 * scratch: it wrote them). Returns NULL, or why the pass cannot be kept
 * (new string, caller frees): no list, a line that is not one, or a file
 * that changed while it was built. */
char *rk_test_reads_parse(const char *text, rk_strlist *reads);

/* rk_test_reads_now - add to `reads` the line of each file of `paths` as
 * its content is now ("unreadable <path>" when it cannot be read). */
void rk_test_reads_now(const rk_strlist *paths, rk_strlist *reads);

/* rk_test_key_reads - `key` with the lines `reads` folded in, in order. */
uint64_t rk_test_key_reads(uint64_t key, const rk_strlist *reads);

/* rk_test_stamp_read - 1 when the stamp at `path` holds `key` with the
 * files its builds read as they are now (the test passed with these
 * inputs), with the time of that pass in `when` (as written, e.g.
 * "2026-12-06 03:10:12 UTC"; size `n`) and those files' lines added to
 * `reads`; 0 otherwise. */
int rk_test_stamp_read(const char *path, uint64_t key, char *when, size_t n, rk_strlist *reads);

/* rk_test_stamp_write - record a pass with `key` and the files its builds
 * read, `reads` (rk_test_reads_parse), at `path` (atomically; folders
 * made). Returns 0, or -1 with errno set. */
int rk_test_stamp_write(const char *path, uint64_t key, const rk_strlist *reads);

#endif
