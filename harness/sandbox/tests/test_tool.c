/* test_tool.c - which tools the harness refuses to run (sandbox/tool.h):
 * files and folders a graded program's uid could write, by owner, group or
 * other bits, through a symlink, but not in a sticky folder it does not
 * own and not below a folder the sandbox binds read-only. */
#define _GNU_SOURCE
#include "sandbox/sandbox.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

/* The path `name` below `dir` as a tool made with `mode` (caller frees). */
static char *tool_at(const char *dir, const char *name, mode_t mode)
{
    char *path = rk_path_join(dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL || fputs("#!/bin/sh\nexit 0\n", f) < 0 || fclose(f) != 0 || chmod(path, mode) != 0) {
        printf("FAIL cannot make %s\n", path);
        exit(1);
    }
    return path;
}

static char *folder_at(const char *dir, const char *name, mode_t mode)
{
    char *path = rk_path_join(dir, name);
    if (mkdir(path, mode) != 0 || chmod(path, mode) != 0) {
        printf("FAIL cannot make %s\n", path);
        exit(1);
    }
    return path;
}

/* `path` must be refused (with `words` in the reason) or, words NULL, used. */
static void expect(const rk_sandbox *s, const char *path, const char *words)
{
    char *why = rk_tool_refusal(path, s);
    if (words == NULL && why != NULL)
        printf("FAIL %s refused: %s\n", path, why), failures++;
    else if (words != NULL && (why == NULL || strstr(why, words) == NULL))
        printf("FAIL %s: want a refusal saying '%s', got '%s'\n", path, words, why ? why : "(used)"), failures++;
    free(why);
}

int main(void)
{
    char base[] = "/tmp/rk-test-tool-XXXXXX";
    if (mkdtemp(base) == NULL || chmod(base, 0755) != 0)
        return printf("FAIL mkdtemp\n"), 1;
    rk_sandbox s; /* the programs run as a uid of their own, as root's uid bound */
    memset(&s, 0, sizeof s);
    s.bound = RK_BOUND_UID;
    s.drop_uid = 1;
    s.uid = (uid_t)(RK_SANDBOX_UID_BASE + getpid());

    char *ok = tool_at(base, "ok", 0755), *other_w = tool_at(base, "other-w", 0757);
    char *open_dir = folder_at(base, "open", 0777), *in_open = tool_at(open_dir, "gdb", 0755);
    char *sticky = folder_at(base, "sticky", 01777), *in_sticky = tool_at(sticky, "gdb", 0755);
    char *link = rk_path_join(base, "link");
    if (symlink(in_open, link) != 0)
        return printf("FAIL symlink\n"), 1;
    expect(&s, ok, NULL);
    expect(&s, "gdb", "is not an absolute path");
    expect(&s, sticky, "is not an executable file");
    expect(&s, other_w, "other-w is writable by it");
    expect(&s, in_open, "/open is writable by it");
    expect(&s, link, "/open is writable by it");  /* the link's target's folder */
    expect(&s, in_sticky, NULL);                   /* /tmp-like: not its to replace */

    /* Below a folder bound read-only for the program, nothing can change. */
    rk_sandbox prot = s;
    if (rk_sandbox_protect(&prot, open_dir) != 0)
        return printf("FAIL rk_sandbox_protect\n"), 1;
    expect(&prot, in_open, NULL);

    if (geteuid() == 0) { /* files given to the program's uid and gid */
        char *owned = tool_at(base, "owned", 0555), *group = tool_at(base, "group", 0775);
        if (chown(owned, s.uid, 0) != 0 || chown(group, 0, (gid_t)s.uid) != 0 || chown(in_sticky, s.uid, 0) != 0)
            return printf("FAIL chown\n"), 1;
        expect(&s, owned, "owned is writable by it"); /* its owner may chmod it */
        expect(&s, group, "group is writable by it");
        expect(&s, in_sticky, "/sticky is writable by it"); /* its own entry */
        unlink(owned), unlink(group), free(owned), free(group);
    }
    unlink(link), unlink(in_sticky), unlink(in_open), unlink(ok), unlink(other_w);
    rmdir(sticky), rmdir(open_dir), rmdir(base);
    free(link), free(in_sticky), free(in_open), free(ok), free(other_w), free(sticky), free(open_dir);
    return failures != 0;
}
