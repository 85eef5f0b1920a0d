/* sandbox.c - task and memory bounds for untrusted programs (see bounds.h). */
#define _GNU_SOURCE
#include "bounds.h"
#include "util/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* The sandbox between open and close, for an interrupted harness; a copy
 * of the last one closed, for tools run after its programs (tool.h). */
static rk_sandbox *volatile current;
static rk_sandbox last_closed;
static int have_last;

static long env_long(const char *name, long fallback, long max)
{
    const char *v = getenv(name);
    char *end;
    if (v == NULL || *v == '\0')
        return fallback;
    long n = strtol(v, &end, 10);
    return *end == '\0' && n > 0 && n <= max ? n : fallback;
}

/* Write a short string to `dir`/`file`; async-signal-safe. */
static int write_to(const char *dir, const char *file, const char *text)
{
    char path[320];
    size_t dl = strlen(dir), fl = strlen(file);
    if (dl + fl + 2 > sizeof path)
        return -1;
    memcpy(path, dir, dl);
    path[dl] = '/';
    memcpy(path + dl + 1, file, fl + 1);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    int saved = errno;
    close(fd);
    errno = saved;
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Decimal text of `n` into buf (>= 24 bytes); async-signal-safe. */
static const char *decimal(long n, char *buf)
{
    char *p = buf + 23;
    *p = '\0';
    do {
        *--p = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    return p;
}

/* Where our own cgroup sits in the hierarchy that has the pids controller
 * (v2 when pids is enabled for our children there, else v1); NULL if none. */
static char *pids_parent(void)
{
    char *self = rk_read_file("/proc/self/cgroup", 1 << 16, NULL);
    char *found = NULL;
    for (char *line = self, *next; line && *line && !found; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *path = strrchr(line, ':');
        if (path == NULL)
            continue;
        if (strncmp(line, "0::", 3) == 0) {
            const char *base = rk_is_file("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup"
                                                                                : "/sys/fs/cgroup/unified";
            char *dir = rk_xasprintf("%s%s", base, strcmp(path + 1, "/") == 0 ? "" : path + 1);
            char *ctl = rk_xasprintf("%s/cgroup.subtree_control", dir);
            char *text = rk_read_file(ctl, 4096, NULL);
            if (text && (strncmp(text, "pids", 4) == 0 || strstr(text, " pids")))
                found = dir;
            else
                free(dir);
            free(text);
            free(ctl);
        } else if (strstr(line, ":pids:") != NULL) {
            char *dir = rk_xasprintf("/sys/fs/cgroup/pids%s", strcmp(path + 1, "/") == 0 ? "" : path + 1);
            if (rk_is_dir(dir))
                found = dir;
            else
                free(dir);
        }
    }
    free(self);
    return found;
}

/* Remove racekit-<pid> cgroups whose harness is gone (killed by SIGKILL
 * before it could clean up). A cgroup still holding processes stays. */
static void remove_stale(const char *parent)
{
    DIR *d = opendir(parent);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        char *end;
        if (strncmp(e->d_name, "racekit-", 8) != 0)
            continue;
        long pid = strtol(e->d_name + 8, &end, 10);
        if (*end != '\0' || pid <= 0 || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
            continue;
        char *dir = rk_path_join(parent, e->d_name);
        rmdir(dir);
        free(dir);
    }
    if (d)
        closedir(d);
}

static int open_cgroup(rk_sandbox *s)
{
    char *parent = pids_parent();
    if (parent == NULL)
        return -1;
    remove_stale(parent);
    char *dir = rk_xasprintf("%s/racekit-%ld", parent, (long)getpid());
    free(parent);
    int ok = strlen(dir) < sizeof s->cgroup && (mkdir(dir, 0755) == 0 || errno == EEXIST);
    if (ok) {
        snprintf(s->cgroup, sizeof s->cgroup, "%s", dir);
        char num[24];
        ok = write_to(s->cgroup, "pids.max", decimal(s->max_procs, num)) == 0;
        if (!ok) {
            rmdir(s->cgroup);
            s->cgroup[0] = '\0';
        }
    }
    free(dir);
    return ok ? 0 : -1;
}

/* Tasks (threads included: RLIMIT_NPROC counts them) of our real uid. */
static long own_tasks(void)
{
    long count = 0;
    DIR *d = opendir("/proc");
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        char *path = rk_xasprintf("/proc/%s/status", e->d_name);
        char *text = rk_read_file(path, 1 << 16, NULL);
        const char *uid = text ? strstr(text, "\nUid:") : NULL;
        const char *threads = text ? strstr(text, "\nThreads:") : NULL;
        if (uid && threads && strtol(uid + 5, NULL, 10) == (long)getuid())
            count += strtol(threads + 9, NULL, 10);
        free(text);
        free(path);
    }
    if (d)
        closedir(d);
    return count;
}

/* Can any user read and execute `program` (every folder above it
 * searchable)? The sandbox uid needs that: Valgrind and gcc's TSan,
 * running as that uid, open the binary by name. */
static int open_to_others(const char *program)
{
    char *real = realpath(program, NULL);
    struct stat st;
    int ok = real != NULL && stat(real, &st) == 0 && (st.st_mode & (S_IROTH | S_IXOTH)) == (S_IROTH | S_IXOTH);
    for (char *slash = real ? strrchr(real, '/') : NULL; ok && slash && slash != real; slash = strrchr(real, '/')) {
        *slash = '\0';
        ok = stat(real, &st) == 0 && (st.st_mode & S_IXOTH);
    }
    free(real);
    return ok;
}

static void use_uid(rk_sandbox *s)
{
    s->bound = RK_BOUND_UID;
    s->nproc = s->max_procs;
}

static void use_rlimit(rk_sandbox *s)
{
    struct rlimit cur;
    s->bound = RK_BOUND_RLIMIT;
    s->nproc = own_tasks() + s->max_procs;
    if (getrlimit(RLIMIT_NPROC, &cur) == 0 && cur.rlim_max != RLIM_INFINITY && (rlim_t)s->nproc > cur.rlim_max)
        s->nproc = (long)cur.rlim_max;
}

void rk_sandbox_open(rk_sandbox *s, const char *program)
{
    memset(s, 0, sizeof *s);
    s->max_procs = (int)env_long("RACEKIT_MAX_PROCS", RK_SANDBOX_DEFAULT_PROCS, 1 << 20);
    s->max_rss_kb = env_long("RACEKIT_MAX_RSS_MB", RK_SANDBOX_DEFAULT_RSS_MB, 1 << 24) * 1024;
    const char *want = getenv("RACEKIT_SANDBOX");
    want = want ? want : "";
    int root = geteuid() == 0;
    /* RLIMIT_NPROC alone is never chosen for root: it would bound nothing. */
    if (strcmp(want, "cgroup") == 0 && open_cgroup(s) == 0)
        s->bound = RK_BOUND_CGROUP;
    else if (!root)
        use_rlimit(s);
    else
        use_uid(s);
    if (root) { /* never uid 0, wherever the tree sits */
        s->drop_uid = 1;
        s->uid = (uid_t)(RK_SANDBOX_UID_BASE + getpid());
        if (program && !open_to_others(program) && rk_sandbox_stage(s, program) < 0)
            rk_error("cannot copy %s where the sandbox's uid can reach it: %s", program, strerror(errno));
    }
    current = s;
}

const char *rk_sandbox_describe(const rk_sandbox *s)
{
    static char text[400];
    switch (s->bound) {
    case RK_BOUND_CGROUP:
        if (s->drop_uid)
            snprintf(text, sizeof text, "uid %ld in pids cgroup %s (at most %d tasks)", (long)s->uid, s->cgroup,
                     s->max_procs);
        else
            snprintf(text, sizeof text, "pids cgroup %s (at most %d tasks)", s->cgroup, s->max_procs);
        break;
    case RK_BOUND_UID:
        snprintf(text, sizeof text, "uid %ld with RLIMIT_NPROC %ld", (long)s->uid, s->nproc);
        break;
    case RK_BOUND_RLIMIT:
        snprintf(text, sizeof text, "RLIMIT_NPROC %ld (the user's tasks + %d)", s->nproc, s->max_procs);
        break;
    }
    return text;
}

/* The "max N" counter of pids.events: forks refused so far. */
static long limit_events(const rk_sandbox *s)
{
    char *path = rk_path_join(s->cgroup, "pids.events");
    char *text = rk_read_file(path, 4096, NULL);
    const char *max = text ? strstr(text, "max ") : NULL;
    long n = max ? strtol(max + 4, NULL, 10) : 0;
    free(text);
    free(path);
    return n;
}

void rk_sandbox_arm(rk_sandbox *s)
{
    if (s->bound != RK_BOUND_CGROUP)
        return;
    char num[24];
    write_to(s->cgroup, "pids.max", decimal(s->max_procs, num));
    s->limit_events = limit_events(s);
}

int rk_sandbox_enter(const rk_sandbox *s)
{
    struct rlimit nproc = { (rlim_t)s->nproc, (rlim_t)s->nproc };
    int rc = s->bound == RK_BOUND_CGROUP ? write_to(s->cgroup, "cgroup.procs", "0") : setrlimit(RLIMIT_NPROC, &nproc);
    if (rc < 0 || !s->drop_uid)
        return rc;
    if (setgroups(0, NULL) < 0 || setgid((gid_t)s->uid) < 0)
        return -1;
    return setuid(s->uid);
}

void rk_sandbox_freeze(const rk_sandbox *s)
{
    if (s->bound == RK_BOUND_CGROUP && s->cgroup[0])
        write_to(s->cgroup, "pids.max", "0");
}

int rk_sandbox_hit(const rk_sandbox *s)
{
    return s->bound == RK_BOUND_CGROUP && limit_events(s) > s->limit_events;
}

void rk_sandbox_close(rk_sandbox *s)
{
    if (current == s)
        current = NULL;
    rk_sandbox_unstage(s);
    if (s != &last_closed) {
        memcpy(&last_closed, s, sizeof *s);
        have_last = 1;
    }
    if (s->bound == RK_BOUND_CGROUP && s->cgroup[0]) {
        rmdir(s->cgroup);
        s->cgroup[0] = '\0';
    }
}

rk_sandbox *rk_sandbox_current(void) { return current; }

const rk_sandbox *rk_sandbox_last(void) { return current ? current : have_last ? &last_closed : NULL; }
