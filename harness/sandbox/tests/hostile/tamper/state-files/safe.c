/* tamper/state-files: try to change what the harness keeps (see README.md).
 * Every attempt is harmless when it succeeds: a file opened for writing is
 * closed unchanged, a file created is removed again. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

static int succeeded, blocked;

static void attempt(const char *what, const char *path, int flags)
{
    int fd = open(path, flags | O_WRONLY | O_CLOEXEC, 0644);
    if (fd >= 0) {
        close(fd);
        if (flags & O_EXCL)
            unlink(path);
        succeeded++;
        printf("SUCCEEDED %s: %s\n", what, path);
    } else {
        blocked++;
        printf("blocked %s: %s (%s)\n", what, path, strerror(errno));
    }
}

/* Undo the read-only view: a system call that must fail. */
static void undo(const char *what, const char *path, int rc)
{
    if (rc == 0) {
        succeeded++;
        printf("SUCCEEDED %s: %s\n", what, path);
    } else {
        blocked++;
        printf("blocked %s: %s (%s)\n", what, path, strerror(errno));
    }
}

/* The first file in `dir` whose name starts with `prefix`, into out. */
static int first_file(const char *dir, const char *prefix, char *out, size_t len)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    while (d && !found && (e = readdir(d)) != NULL)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            snprintf(out, len, "%s/%s", dir, e->d_name);
            found = 1;
        }
    if (d)
        closedir(d);
    return found;
}

int main(void)
{
    char exe[4096], build[4096], path[8192], dir[8192], file[8192];
    /* The build folder: racekit's, which the suite sets; else the one the
     * binary was built in (a binary staged in /tmp says nothing of it). */
    const char *env = getenv("RACEKIT_BUILD_DIR");
    if (env && *env) {
        snprintf(build, sizeof build, "%s", env);
    } else {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n <= 0)
            return 2;
        exe[n] = '\0';
        char *cache = strstr(exe, "/cache/");
        if (cache == NULL)
            return 3;
        snprintf(build, sizeof build, "%.*s", (int)(cache - exe), exe);
    }

    undo("remount read-write", build, mount(NULL, build, NULL, MS_REMOUNT | MS_BIND, NULL));
    undo("unmount", build, umount2(build, MNT_DETACH));
    snprintf(path, sizeof path, "%s/results/tsan/tamper/state-files/safe.json", build);
    attempt("own result", path, O_CREAT);
    snprintf(path, sizeof path, "%s/results/tsan/tamper/state-files/forged.json", build);
    attempt("new result", path, O_CREAT | O_EXCL);
    snprintf(path, sizeof path, "%s/results/tsan/crash/segv/forged.json", build);
    attempt("another case's results", path, O_CREAT | O_EXCL);
    snprintf(dir, sizeof dir, "%s/cache/tsan/crash/segv/safe", build);
    snprintf(path, sizeof path, "%s/bin", dir);
    attempt("another program's binary", path, 0);
    snprintf(path, sizeof path, "%s/forged", dir);
    attempt("new file in the cache", path, O_CREAT | O_EXCL);
    snprintf(dir, sizeof dir, "%s/cache/hooks", build);
    /* Not listed (a folder the program's uid may not enter): try a name. */
    if (!first_file(dir, "hook-", file, sizeof file))
        snprintf(file, sizeof file, "%s/hook-0.o", dir);
    attempt("hook object", file, 0);
    attempt("own source", __FILE__, O_APPEND);
    snprintf(path, sizeof path, "%.*s/README.md", (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__);
    attempt("own README", path, O_APPEND);
    printf("blocked: %d, succeeded: %d\n", blocked, succeeded);
    return 0;
}
