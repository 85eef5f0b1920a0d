/* sandbox_stage.c - a copy of the program that the sandbox uid can reach
 * (see rk_sandbox_stage in bounds.h). As root the program always runs as
 * a uid of its own; when the tree sits below a folder only root may enter
 * (a 0700 home), that uid could execute the binary through a descriptor
 * but neither Valgrind nor gcc's TSan symbolizer could open it by name. */
#define _GNU_SOURCE
#include "bounds.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STAGE_PREFIX "racekit-stage-"

/* Copy `from` to a new file `to` with `mode`: 0, or -1 (nothing left). */
static int copy_file(const char *from, const char *to, mode_t mode)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int ok = out >= 0;
    char buf[1 << 16];
    for (ssize_t n; ok && (n = read(in, buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0 && write(out, buf, (size_t)n) == n;
    }
    close(in);
    /* Mode last: the uid must never see a file still being written. */
    if (out >= 0 && (fchmod(out, mode) < 0 || close(out) < 0))
        ok = 0;
    if (!ok && out >= 0)
        unlink(to);
    return ok ? 0 : -1;
}

/* Remove the stage folders of harnesses that are gone (SIGKILLed before
 * they could close their sandbox). */
static void remove_stale_stages(const char *tmp)
{
    DIR *d = opendir(tmp);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        char *end, dir[PATH_MAX], file[PATH_MAX];
        if (strncmp(e->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) != 0)
            continue;
        long pid = strtol(e->d_name + strlen(STAGE_PREFIX), &end, 10);
        if (*end != '-' || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        snprintf(dir, sizeof dir, "%s/%s", tmp, e->d_name);
        DIR *inner = opendir(dir);
        for (struct dirent *f; inner && (f = readdir(inner)) != NULL;)
            if (f->d_name[0] != '.' && snprintf(file, sizeof file, "%s/%s", dir, f->d_name) < (int)sizeof file)
                unlink(file);
        if (inner)
            closedir(inner);
        rmdir(dir);
    }
    if (d)
        closedir(d);
}

int rk_sandbox_stage(rk_sandbox *s, const char *program)
{
    /* /tmp itself, not $TMPDIR: the folder must be reachable by any uid,
     * and TMPDIR may sit below the very folder that is not. */
    static const char tmp[] = "/tmp";
    remove_stale_stages(tmp);
    const char *base = strrchr(program, '/');
    base = base ? base + 1 : program;
    char dir[RK_SANDBOX_PATH_MAX];
    int n = snprintf(dir, sizeof dir, "%s/" STAGE_PREFIX "%ld-XXXXXX", tmp, (long)getpid());
    if (n < 0 || (size_t)n + strlen(base) + 2 > sizeof s->staged || strlen(program) >= sizeof s->program ||
        mkdtemp(dir) == NULL)
        return -1;
    /* Owned by root, 0711 and 0555: the uid can run and read the copy,
     * and can neither change it nor put anything beside it. */
    if (snprintf(s->staged, sizeof s->staged, "%s/%s", dir, base) >= (int)sizeof s->staged || chmod(dir, 0711) < 0 ||
        copy_file(program, s->staged, 0555) < 0) {
        rmdir(dir);
        s->staged[0] = '\0';
        return -1;
    }
    snprintf(s->program, sizeof s->program, "%s", program);
    return 0;
}

const char *rk_sandbox_run_path(const rk_sandbox *s, const char *path)
{
    return s && s->staged[0] && path && strcmp(path, s->program) == 0 ? s->staged : path;
}

void rk_sandbox_unstage(rk_sandbox *s)
{
    if (s->staged[0] == '\0')
        return;
    unlink(s->staged);
    char *slash = strrchr(s->staged, '/');
    if (slash) {
        *slash = '\0';
        rmdir(s->staged);
    }
    s->staged[0] = '\0';
}
