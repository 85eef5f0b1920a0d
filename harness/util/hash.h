/* hash.h - a 64-bit content hash (FNV-1a) for cache keys. Not for security:
 * it tells "same inputs" from "changed inputs". */
#ifndef RK_HASH_H
#define RK_HASH_H

#include <stddef.h>
#include <stdint.h>

#define RK_HASH_INIT UINT64_C(0xcbf29ce484222325)

/* rk_hash_bytes - fold `n` bytes into `h` and return the new hash. */
uint64_t rk_hash_bytes(uint64_t h, const void *p, size_t n);
/* rk_hash_str - fold a C string and its terminating NUL (so "ab","c" and
 * "a","bc" differ). */
uint64_t rk_hash_str(uint64_t h, const char *s);
/* rk_hash_file - fold the contents of `path`; returns 0 on success, -1
 * (errno set) when it cannot be read. */
int rk_hash_file(uint64_t *h, const char *path);

#endif
