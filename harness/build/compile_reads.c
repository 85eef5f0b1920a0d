/* compile_reads.c - the files a build read, for `racekit cached` (see
 * compile_reads.h). */
#define _GNU_SOURCE
#include "compile_reads.h"
#include "compile.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct timespec rk_compile_reads_since(void)
{
    struct timespec t = { 0, 0 };
    clock_gettime(CLOCK_REALTIME_COARSE, &t);
    return t;
}

/* 1 when `t` is `since` or later. */
static int not_before(const struct timespec *t, const struct timespec *since)
{
    return t->tv_sec > since->tv_sec || (t->tv_sec == since->tv_sec && t->tv_nsec >= since->tv_nsec);
}

/* The line for one file the build read: "<hash> <path>", or "changed
 * <path>" when it cannot be read or its inode (the link's or the file's)
 * changed after `since` (before or while it is hashed here), so the hash
 * may not be what the compiler saw. */
static char *read_line(const char *path, const struct timespec *since)
{
    struct stat link, before, after;
    uint64_t h = RK_HASH_INIT;
    int ok = lstat(path, &link) == 0 && stat(path, &before) == 0 && rk_hash_file(&h, path) == 0 &&
             stat(path, &after) == 0;
    if (!ok || not_before(&link.st_ctim, since) || not_before(&before.st_ctim, since) ||
        not_before(&after.st_ctim, since))
        return rk_xasprintf("changed %s\n", path);
    return rk_xasprintf("%016" PRIx64 " %s\n", h, path);
}

void rk_compile_reads_append(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    size_t len = strlen(text), done = 0;
    while (fd >= 0 && done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    if (fd < 0 || done < len || close(fd) != 0)
        unlink(path);
}

/* `path` made absolute: the depfile names a file as the compiler opened
 * it, relative to this process's folder, and the wrapper may read it from
 * another. Caller frees. */
static char *absolute(const char *path)
{
    char cwd[4096];
    if (path[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
        return rk_xstrdup(path);
    return rk_path_join(cwd, path);
}

void rk_compile_note_reads(const rk_strlist *deps, struct timespec since)
{
    const char *notes = getenv("RACEKIT_CACHE_READS");
    if (notes == NULL || *notes == '\0')
        return;
    rk_strbuf text = RK_STRBUF_INIT;
    for (int i = 0; i < deps->n; i++) {
        char *abs = absolute(deps->items[i]);
        char *line = read_line(abs, &since);
        rk_sb_puts(&text, line);
        free(line);
        free(abs);
    }
    rk_compile_reads_append(notes, rk_sb_cstr(&text));
    rk_sb_free(&text);
}

void rk_compile_note_unknown(const char *source)
{
    const char *notes = getenv("RACEKIT_CACHE_READS");
    if (notes == NULL || *notes == '\0')
        return;
    char *abs = absolute(source);
    char *line = rk_xasprintf("unknown %s\n", abs);
    rk_compile_reads_append(notes, line);
    free(line);
    free(abs);
}
