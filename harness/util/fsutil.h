/* fsutil.h - reading, writing and naming files. */
#ifndef RK_FSUTIL_H
#define RK_FSUTIL_H

#include <stddef.h>

/* rk_read_file - read all of `path` (at most `max` bytes) into a new
 * NUL-terminated buffer the caller frees; its length goes to *len.
 * Returns NULL with errno set on failure (EFBIG when larger than `max`). */
char *rk_read_file(const char *path, size_t max, size_t *len);

/* rk_write_file_atomic - write `len` bytes to `path` so that readers see the
 * old file or the whole new one, never a part: the bytes go to a temporary
 * file in the same directory, which is renamed over `path`. Not synced to
 * disk: atomic for every reader and if racekit is killed, but after a power
 * loss or kernel crash the file may be old, missing or empty. Every caller
 * writes something racekit makes again (results, cache entries, reports,
 * generated case files), and an fsync per result cost 0.3-11 ms of waiting
 * for the disk (docs/performance.md). Creates missing parent directories.
 * Returns 0, or -1 with errno set (the temporary file is removed). */
int rk_write_file_atomic(const char *path, const char *data, size_t len);

/* rk_mkdir_p - create `path` and its missing parents (mode 0777 & umask).
 * Returns 0 when the directory exists afterwards, else -1 with errno set. */
int rk_mkdir_p(const char *path);

/* rk_path_join - "a/b"; the caller frees the result. */
char *rk_path_join(const char *a, const char *b);

/* rk_basename - pointer to the last component of `path` (inside `path`). */
const char *rk_basename(const char *path);

/* rk_dirname - the folder part of `path` ("." when it has none), in a new
 * string the caller frees. */
char *rk_dirname(const char *path);

/* rk_is_dir, rk_is_file - 1 when `path` is a directory / regular file. */
int rk_is_dir(const char *path);
int rk_is_file(const char *path);

/* rk_empty_dir - remove every file of the flat folder `dir` (one without
 * subfolders: a compiler's temporary folder, a scratch copy); the folder
 * stays. What cannot be removed is left. */
void rk_empty_dir(const char *dir);

/* rk_find_program - the full path of `name` (searched on PATH unless it
 * contains '/'), or NULL when it is not an executable. Caller frees. */
char *rk_find_program(const char *name);

#endif
