/* fsutil.c - reading, writing and naming files (see fsutil.h). */
#define _POSIX_C_SOURCE 200809L
#include "fsutil.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *rk_read_file(const char *path, size_t max, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = rk_xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            buf = rk_xrealloc(buf, cap);
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int saved = errno;
            free(buf);
            close(fd);
            errno = saved;
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > max) {
            free(buf);
            close(fd);
            errno = EFBIG;
            return NULL;
        }
    }
    close(fd);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int rk_write_file_atomic(const char *path, const char *data, size_t len)
{
    char *dir = rk_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        if (*dir && rk_mkdir_p(dir) < 0) {
            int saved = errno;
            free(dir);
            errno = saved;
            return -1;
        }
    }
    free(dir);

    char *tmp = rk_xasprintf("%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int saved = errno;
        free(tmp);
        errno = saved;
        return -1;
    }
    int rc = write_all(fd, data, len);
    if (rc == 0)
        rc = fchmod(fd, 0644);
    int saved = errno;
    if (close(fd) < 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc == 0 && rename(tmp, path) < 0) {
        rc = -1;
        saved = errno;
    }
    if (rc < 0)
        unlink(tmp);
    free(tmp);
    errno = saved;
    return rc;
}

int rk_mkdir_p(const char *path)
{
    char *p = rk_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) < 0 && errno != EEXIST) {
            int saved = errno;
            free(p);
            errno = saved;
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0777);
    int saved = errno;
    free(p);
    if (rc < 0 && saved != EEXIST) {
        errno = saved;
        return -1;
    }
    if (!rk_is_dir(path)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

char *rk_path_join(const char *a, const char *b)
{
    size_t la = strlen(a);
    if (la > 0 && a[la - 1] == '/')
        return rk_xasprintf("%s%s", a, b);
    return rk_xasprintf("%s/%s", a, b);
}

const char *rk_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

char *rk_dirname(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? rk_xstrndup(path, (size_t)(s - path)) : rk_xstrdup(".");
}

int rk_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int rk_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

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

void rk_empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *path = rk_path_join(dir, e->d_name);
        unlink(path);
        free(path);
    }
    if (d)
        closedir(d);
}
