/* hash.c - FNV-1a content hashing (see hash.h). */
#define _POSIX_C_SOURCE 200809L
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

uint64_t rk_hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t rk_hash_str(uint64_t h, const char *s) { return rk_hash_bytes(h, s, strlen(s) + 1); }

int rk_hash_file(uint64_t *h, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int saved = errno;
            close(fd);
            errno = saved;
            return -1;
        }
        if (n == 0)
            break;
        *h = rk_hash_bytes(*h, buf, (size_t)n);
    }
    close(fd);
    return 0;
}
