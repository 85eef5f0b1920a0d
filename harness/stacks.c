/* stacks.c - thread stacks of a hung program (see stacks.h). */
#define _POSIX_C_SOURCE 200809L
#include "stacks.h"
#include "compile.h"
#include "fsutil.h"
#include "spawn.h"
#include "strbuf.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

enum { GDB_TIMEOUT_S = 20 };

static char *with_gdb(const char *gdb, pid_t pid)
{
    char pid_text[32];
    snprintf(pid_text, sizeof pid_text, "%ld", (long)pid);
    char *argv[] = { (char *)gdb, "-q", "-nx", "-batch", "-p", pid_text,
                     "-ex", "set pagination off", "-ex", "thread apply all bt", NULL };
    rk_spawn_opts o = RK_SPAWN_OPTS_INIT;
    o.argv = argv;
    o.envp = environ;
    o.timeout_s = GDB_TIMEOUT_S;
    o.capture_cap = 256 << 10;
    rk_run r;
    if (rk_spawn(&o, &r) < 0 || r.out.len == 0) {
        if (r.out.len == 0)
            rk_run_free(&r);
        return NULL;
    }
    char *text = rk_sb_detach(&r.out);
    rk_run_free(&r);
    return text;
}

static char *from_proc(pid_t pid)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    char *dir = rk_xasprintf("/proc/%ld/task", (long)pid);
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char *stat_path = rk_xasprintf("%s/%s/stat", dir, e->d_name);
        char *wchan_path = rk_xasprintf("%s/%s/wchan", dir, e->d_name);
        char *stat = rk_read_file(stat_path, 4096, NULL);
        char *wchan = rk_read_file(wchan_path, 256, NULL);
        const char *close_paren = stat ? strrchr(stat, ')') : NULL;
        rk_sb_printf(&sb, "thread %s: state %c, waiting in %s\n", e->d_name,
                     close_paren && close_paren[1] ? close_paren[2] : '?', wchan && *wchan ? wchan : "?");
        free(stat), free(wchan), free(stat_path), free(wchan_path);
    }
    if (d)
        closedir(d);
    free(dir);
    return rk_sb_detach(&sb);
}

char *rk_collect_stacks(pid_t pid)
{
    char *gdb = rk_find_program("gdb");
    char *text = gdb ? with_gdb(gdb, pid) : NULL;
    free(gdb);
    return text ? text : from_proc(pid);
}
