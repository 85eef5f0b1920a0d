/* tool.c - the harness's own tools, by absolute path, refused when a graded
 * program could have replaced them (see tool.h). */
#define _GNU_SOURCE
#include "tool.h"
#include "config.h"
#include "util/util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Who a graded program is: its uid, its groups, and the folders bound
 * read-only for it (nothing below them can change during a run). */
struct ids {
    uid_t uid;
    gid_t gids[NGROUPS_MAX + 1];
    int n_gids;
    const rk_sandbox *s;
};

static const char *const NAMES[] = { "gdb", "addr2line", "nm", "llvm-symbolizer", "valgrind" };
static const char *const CONFIGURED[] = { RK_TOOL_GDB_PATH, RK_TOOL_ADDR2LINE_PATH, RK_TOOL_NM_PATH,
                                          RK_TOOL_SYMBOLIZER_PATH, RK_TOOL_VALGRIND_PATH };

const char *rk_tool_name(rk_tool tool) { return NAMES[tool]; }

/* The ids of the programs of `s` (as rk_sandbox_enter sets them): the
 * sandbox's own uid and gid as root, else the harness's. */
static void ids_of(const rk_sandbox *s, struct ids *w)
{
    w->s = s;
    if (s->drop_uid) {
        w->uid = s->uid;
        w->gids[0] = (gid_t)s->uid;
        w->n_gids = 1;
        return;
    }
    w->uid = geteuid();
    w->gids[0] = getegid();
    int n = getgroups(NGROUPS_MAX, w->gids + 1);
    w->n_gids = 1 + (n > 0 ? n : 0);
}

/* 1 when `w` may change the node `st`: its owner always can (it may chmod
 * it, uid 0 without capabilities too), else a write bit that applies. */
static int can_write(const struct ids *w, const struct stat *st)
{
    if (st->st_uid == w->uid || (st->st_mode & S_IWOTH))
        return 1;
    for (int i = 0; i < w->n_gids; i++)
        if ((st->st_mode & S_IWGRP) && st->st_gid == w->gids[i])
            return 1;
    return 0;
}

/* 1 when the folder `real` (no symlinks) is at or below one the sandbox
 * binds read-only for the program. */
static int read_only(const struct ids *w, const char *real)
{
    for (int i = 0; i < w->s->n_protected; i++) {
        size_t n = strlen(w->s->protected_dirs[i]);
        if (strncmp(real, w->s->protected_dirs[i], n) == 0 && (real[n] == '\0' || real[n] == '/'))
            return 1;
    }
    return 0;
}

/* 1 when `w` could rename, remove or replace `entry` in the folder `dir`
 * (real path `dir_real`): it writes the folder, and a sticky folder (/tmp)
 * lets it touch only what it owns. */
static int can_replace(const struct ids *w, const char *dir_real, const struct stat *dir, const struct stat *entry)
{
    if (read_only(w, dir_real) || !can_write(w, dir))
        return 0;
    return !(dir->st_mode & S_ISVTX) || dir->st_uid == w->uid || entry->st_uid == w->uid;
}

/* The first folder of the real path `real` (absolute, no symlinks), from
 * the top, in which `w` could replace the next part, or `real` itself when
 * `content` and `w` could write it; NULL when none. Caller frees. */
static char *weak_in_real(const struct ids *w, const char *real, int content)
{
    char *p = rk_xstrdup(real), *dir_real = rk_xstrdup("/"), *weak = NULL;
    struct stat dir, entry;
    if (stat("/", &dir) < 0)
        goto out;
    for (char *part = p + 1; *part && !weak;) {
        char *next = strchr(part, '/');
        if (next)
            *next = '\0';
        if (lstat(p, &entry) < 0)
            break;
        if (can_replace(w, dir_real, &dir, &entry))
            weak = rk_xstrdup(dir_real);
        else if (next == NULL && content && !read_only(w, dir_real) && can_write(w, &entry))
            weak = rk_xstrdup(p);
        free(dir_real);
        dir_real = rk_xstrdup(p), dir = entry;
        if (next == NULL)
            break;
        *next = '/';
        part = next + 1;
    }
out:
    free(p), free(dir_real);
    return weak;
}

/* The same for `path` as written: every prefix of it may be a symlink, so
 * the real folders above each prefix, the link in its folder, and the
 * target's content are all checked. Caller frees. */
static char *weak_point(const struct ids *w, const char *path)
{
    char *p = rk_xstrdup(path), *weak = NULL;
    for (char *slash = strchr(p + 1, '/'); !weak; slash = strchr(slash + 1, '/')) {
        if (slash)
            *slash = '\0';
        char *real = realpath(p, NULL);
        weak = real ? weak_in_real(w, real, slash == NULL) : rk_xstrdup(p);
        free(real);
        if (slash == NULL)
            break;
        *slash = '/';
    }
    free(p);
    return weak;
}

/* The sandbox whose programs count when none is named (see tool.h). */
static const rk_sandbox *default_sandbox(rk_sandbox *storage)
{
    const rk_sandbox *s = rk_sandbox_last();
    if (s)
        return s;
    memset(storage, 0, sizeof *storage);
    storage->bound = geteuid() == 0 ? RK_BOUND_UID : RK_BOUND_RLIMIT;
    storage->drop_uid = geteuid() == 0;
    storage->uid = (uid_t)(RK_SANDBOX_UID_BASE + getpid());
    return storage;
}

char *rk_tool_refusal(const char *path, const rk_sandbox *s)
{
    rk_sandbox storage;
    struct ids *w = rk_xcalloc(1, sizeof *w);
    ids_of(s ? s : default_sandbox(&storage), w);
    char *why = NULL, *weak = NULL;
    if (path[0] != '/')
        why = rk_xasprintf("%s is not an absolute path (tools are never looked up on PATH)", path);
    else if (!rk_is_file(path) || access(path, X_OK) != 0)
        why = rk_xasprintf("%s is not an executable file", path);
    else if ((weak = weak_point(w, path)) != NULL)
        why = rk_xasprintf("%s could be replaced by uid %ld, the uid graded programs run as (%s is writable by it)",
                           path, (long)w->uid, weak);
    free(weak), free(w);
    return why;
}

char *rk_tool_path(rk_tool tool, const rk_sandbox *s, char **why)
{
    const char *want = CONFIGURED[tool], *from = "racekit's configuration";
    const char *env = tool == RK_TOOL_GDB ? getenv("RACEKIT_GDB") : NULL;
    *why = NULL;
    if (env && strcmp(env, "none") == 0)
        return NULL;
    if (env && *env)
        want = env, from = "RACEKIT_GDB";
    if (*want == '\0') {
        *why = rk_xasprintf("%s not used: it was not found when racekit was configured", NAMES[tool]);
        return NULL;
    }
    char *refused = rk_tool_refusal(want, s);
    if (refused == NULL)
        return rk_xstrdup(want);
    *why = rk_xasprintf("%s not used: %s (from %s)", NAMES[tool], refused, from);
    free(refused);
    return NULL;
}

char *rk_tool_find(rk_tool tool, const char *skipped)
{
    static int warned[sizeof NAMES / sizeof NAMES[0]];
    char *why = NULL, *path = rk_tool_path(tool, NULL, &why);
    if (why && !warned[tool]) {
        fprintf(stderr, "racekit: %s; %s\n", why, skipped);
        warned[tool] = 1;
    }
    free(why);
    return path;
}
