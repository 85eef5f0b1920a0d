/* prog.c - this racekit as the user can type it (see prog.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "prog.h"
#include "fsutil.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *argv0_given;
static char *shown_self;

void rk_prog_set(const char *argv0)
{
    argv0_given = argv0;
    free(shown_self);
    shown_self = NULL;
}

/* `path` as a shell word: unchanged when every character is one a shell
 * leaves alone, else in single quotes. Caller frees. */
static char *shell_word(const char *path)
{
    if (*path && path[strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-")] == '\0')
        return rk_xstrdup(path);
    rk_strbuf out = RK_STRBUF_INIT;
    rk_sb_putc(&out, '\'');
    for (const char *c = path; *c; c++)
        *c == '\'' ? rk_sb_puts(&out, "'\\''") : rk_sb_putc(&out, *c);
    rk_sb_putc(&out, '\'');
    return rk_sb_detach(&out);
}

/* The absolute `abs` without empty and "." components; NULL when it has
 * a ".." (which only the file system can resolve). Caller frees. */
static char *normalise(const char *abs)
{
    rk_strbuf out = RK_STRBUF_INIT;
    for (const char *p = abs; *p;) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        if (n == 2 && strncmp(p, "..", 2) == 0) {
            rk_sb_free(&out);
            return NULL;
        }
        if (n > 0 && !(n == 1 && *p == '.')) {
            rk_sb_putc(&out, '/');
            rk_sb_add(&out, p, n);
        }
        p += n;
    }
    if (out.len == 0)
        rk_sb_putc(&out, '/');
    return rk_sb_detach(&out);
}

char *rk_prog_shown(const char *path, const char *cwd)
{
    char here[PATH_MAX];
    if (cwd == NULL)
        cwd = getcwd(here, sizeof here) ? here : "/";
    char *abs = path[0] == '/' ? rk_xstrdup(path) : rk_path_join(cwd, path);
    char *norm = normalise(abs);
    if (norm == NULL)
        norm = realpath(abs, NULL);
    if (norm == NULL)
        norm = rk_xstrdup(abs);
    char *base = normalise(cwd);
    size_t n = base ? strlen(base) : 0;
    char *typed;
    if (n > 1 && strncmp(norm, base, n) == 0 && norm[n] == '/')
        typed = rk_xasprintf("./%s", norm + n + 1);
    else
        typed = rk_xstrdup(norm);
    char *word = shell_word(typed);
    free(typed);
    free(base);
    free(norm);
    free(abs);
    return word;
}

/* 1 when `a` and `b` are the same file by their real paths. */
static int same_file(const char *a, const char *b)
{
    char *ra = a ? realpath(a, NULL) : NULL, *rb = b ? realpath(b, NULL) : NULL;
    int same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
}

/* What to call this program: its name when the PATH leads to it, else
 * the path it was started by (a link the user made is theirs to type),
 * else where the running file is. */
static char *find_self(void)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    /* The kit starts itself again through /proc/self/exe (lint, exercise). */
    int from_proc = strncmp(argv0_given, "/proc/", 6) == 0;
    const char *self = len > 0 ? (exe[len] = '\0', exe) : from_proc ? NULL : argv0_given;
    if (self == NULL)
        return rk_xstrdup("racekit");
    const char *name = rk_basename(from_proc ? self : argv0_given);
    char *on_path = *name ? rk_find_program(name) : NULL;
    int by_name = on_path && same_file(on_path, self);
    free(on_path);
    if (by_name)
        return shell_word(name);
    if (!from_proc && strchr(argv0_given, '/') && same_file(argv0_given, self))
        return rk_prog_shown(argv0_given, NULL);
    return rk_prog_shown(self, NULL);
}

const char *rk_prog(void)
{
    if (argv0_given == NULL)
        return "racekit";
    if (shown_self == NULL) {
        int saved = errno; /* callers print strerror(errno) beside it */
        shown_self = find_self();
        errno = saved;
    }
    return shown_self;
}

void rk_print_prog_command(const char *prefix, const char *command)
{
    size_t first = strcspn(command, " ");
    printf("%s%s%s\n", prefix, rk_prog(), command + first);
}
