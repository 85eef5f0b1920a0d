/* sandbox_fs.c - folders an untrusted program may read but not change
 * (see rk_sandbox_protect in bounds.h). */
#define _GNU_SOURCE
#include "bounds.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

int rk_sandbox_protect(rk_sandbox *s, const char *dir)
{
    char real[PATH_MAX];
    if (realpath(dir, real) == NULL)
        return -1;
    for (int i = 0; i < s->n_protected; i++)
        if (strcmp(s->protected_dirs[i], real) == 0)
            return 0;
    if (s->n_protected == RK_SANDBOX_MAX_PROTECTED || strlen(real) >= RK_SANDBOX_PATH_MAX) {
        errno = ENOSPC;
        return -1;
    }
    memcpy(s->protected_dirs[s->n_protected++], real, strlen(real) + 1);
    return 0;
}

/* Write `text` to the file `path`. Async-signal-safe. */
static int put(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* "<id> <id> 1\n" into buf. Async-signal-safe. */
static void one_to_one(char *buf, unsigned long id)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + id % 10);
        id /= 10;
    } while (id && n < 20);
    char *p = buf;
    for (int k = 0; k < 2; k++) {
        for (int i = n - 1; i >= 0; i--)
            *p++ = digits[i];
        *p++ = ' ';
    }
    memcpy(p, "1\n", 3);
}

/* Not root: a user namespace that maps only the user's own uid and gid
 * (so the program, run by exec as that uid, holds no capability in it and
 * cannot remount), with a mount namespace of its own. */
static int user_namespace(void)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    char map[64];
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0 || put("/proc/self/setgroups", "deny") < 0)
        return -1;
    one_to_one(map, uid);
    if (put("/proc/self/uid_map", map) < 0)
        return -1;
    one_to_one(map, gid);
    return put("/proc/self/gid_map", map);
}

int rk_sandbox_protect_enter(const rk_sandbox *s)
{
    if (s->n_protected == 0)
        return 0;
    if ((geteuid() == 0 ? unshare(CLONE_NEWNS) : user_namespace()) < 0)
        return -1;
    /* Our mounts must not reach the harness's namespace. */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        return -1;
    for (int i = 0; i < s->n_protected; i++) {
        const char *dir = s->protected_dirs[i];
        if (mount(dir, dir, NULL, MS_BIND | MS_REC, NULL) < 0 ||
            mount(NULL, dir, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
            return -1;
    }
    /* Root hands the program to the sandbox's uid (rk_sandbox_enter),
     * which loses every capability at setuid: it cannot undo the binds. */
    return 0;
}

int rk_sandbox_protect_check(rk_sandbox *s)
{
    if (s->n_protected == 0 || geteuid() == 0)
        return 0;
    pid_t pid = fork();
    if (pid == 0)
        _exit(rk_sandbox_protect_enter(s) == 0 ? 0 : 1);
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    s->n_protected = 0;
    return -1;
}
