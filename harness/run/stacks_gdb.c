/* stacks_gdb.c - what gdb shows of a hung program (see stacks_gdb.h). */
#define _GNU_SOURCE
#include "stacks_gdb.h"
#include "util/util.h"
#include "sandbox/sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

enum { GDB_TIMEOUT_S = 10 }; /* attach + backtraces of a TSan program take ~1 s */

char *rk_stacks_with_gdb(const char *gdb, pid_t pid, const rk_thread_wait *t, int n)
{
    rk_strlist args = RK_STRLIST_INIT;
    char pid_text[32];
    snprintf(pid_text, sizeof pid_text, "%ld", (long)pid);
    const char *const fixed[] = { gdb, "-q", "-nx", "-batch", "-iex", "set debuginfod enabled off",
                                  "-p", pid_text, "-ex", "set pagination off", "-ex", "thread apply all bt", NULL };
    for (const char *const *a = fixed; *a; a++)
        rk_sl_add(&args, *a);
    for (int i = 0; i < n; i++) {
        if (t[i].owner == 0)
            continue;
        char *echo = rk_xasprintf("echo @@symbol 0x%lx\\n", t[i].futex);
        char *info = rk_xasprintf("info symbol 0x%lx", t[i].futex);
        rk_sl_add(&args, "-ex"), rk_sl_add(&args, echo);
        rk_sl_add(&args, "-ex"), rk_sl_add(&args, info);
        free(echo), free(info);
    }
    char **argv = rk_sl_argv(&args);
    rk_spawn_opts o = RK_SPAWN_OPTS_INIT;
    o.argv = argv;
    o.envp = environ;
    o.timeout_s = GDB_TIMEOUT_S;
    o.capture_cap = 256 << 10;
    rk_run r;
    char *text = NULL;
    if (rk_spawn(&o, &r) == 0 && strstr(rk_sb_cstr(&r.out), "\nThread ") != NULL)
        text = rk_sb_detach(&r.out);
    rk_run_free(&r); /* zeroed by rk_spawn even when it failed */
    free(argv);
    rk_sl_free(&args);
    return text;
}

/* "#5  0x0000561e in transfer (from=...) at /x/unsafe.c:27" -> function,
 * file and line (file "" when gdb gave none). */
static void parse_frame(const char *line, char *fn, size_t fn_len, char *file, size_t file_len, int *lineno)
{
    const char *p = line + 1;
    while (*p >= '0' && *p <= '9')
        p++;
    while (*p == ' ')
        p++;
    if (strncmp(p, "0x", 2) == 0 && strstr(p, " in ")) /* "0x... in f (" */
        p = strstr(p, " in ") + 4;
    size_t n = strcspn(p, " ");
    snprintf(fn, fn_len, "%.*s", (int)n, p);
    file[0] = '\0';
    *lineno = 0;
    const char *at = NULL;
    for (const char *s = strstr(p, " at "); s; s = strstr(s + 1, " at "))
        at = s;
    const char *colon = at ? strrchr(at, ':') : NULL;
    if (colon && colon[1] >= '0' && colon[1] <= '9') {
        snprintf(file, file_len, "%.*s", (int)(colon - at - 4), at + 4);
        *lineno = atoi(colon + 1);
    }
}

/* The name a student reads for a function gdb shows (interceptors and
 * glibc's internal aliases stripped). */
static const char *plain_name(const char *fn)
{
    static const char *const prefixes[] = { "__interceptor_", "___", "__GI_", NULL };
    for (const char *const *p = prefixes; *p; p++)
        if (strncmp(fn, *p, strlen(*p)) == 0)
            return fn + strlen(*p);
    return fn;
}

/* Take the frame `line` ("#3 ...") of gdb's stack into *g: whether it is
 * the detector's or in a lock, and its first frame in `variant` with the
 * callee before it (prev_fn, the previous frame's function, updated). */
static void take_frame(struct gthread *g, const char *line, const char *variant, char *prev_fn, size_t prev_len)
{
    char fn[96], file[512];
    int lineno;
    parse_frame(line, fn, sizeof fn, file, sizeof file, &lineno);
    if (strstr(fn, "BackgroundThread") || strncmp(fn, "__sanitizer::", 13) == 0)
        g->runtime = 1;
    if (strstr(fn, "mutex_lock") || strstr(fn, "lll_lock_wait"))
        g->in_lock = 1;
    if (g->where[0] == '\0' && file[0] && strcmp(rk_basename(file), variant) == 0) {
        snprintf(g->where, sizeof g->where, "%s:%d", variant, lineno);
        snprintf(g->function, sizeof g->function, "%s", fn);
        snprintf(g->callee, sizeof g->callee, "%s", plain_name(prev_fn));
    }
    snprintf(prev_fn, prev_len, "%s", fn);
}

/* "accounts + 56 in section .bss" -> "accounts+56"; "" when no symbol. */
static void take_symbol(struct gdb_info *gi, unsigned long addr, const char *line)
{
    if (gi->n_sym == MAX_THREADS || strncmp(line, "No symbol", 9) == 0)
        return;
    const char *end = strstr(line, " in section");
    size_t len = end ? (size_t)(end - line) : strlen(line);
    char *name = gi->sym_name[gi->n_sym];
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < sizeof gi->sym_name[0]; i++)
        if (line[i] != ' ')
            name[k++] = line[i];
    name[k] = '\0';
    gi->sym_addr[gi->n_sym++] = addr;
}

void rk_stacks_parse_gdb(const char *text, const char *variant, struct gdb_info *gi)
{
    memset(gi, 0, sizeof *gi);
    struct gthread *cur = NULL;
    char prev_fn[96] = "";
    unsigned long pending = 0;
    for (const char *pos = text; pos && *pos;) {
        const char *nl = strchr(pos, '\n');
        char *line = rk_xstrndup(pos, nl ? (size_t)(nl - pos) : strlen(pos));
        pos = nl ? nl + 1 : NULL;
        const char *lwp = strstr(line, "(LWP ");
        if (strncmp(line, "Thread ", 7) == 0 && lwp && gi->n < MAX_THREADS) {
            cur = &gi->threads[gi->n++];
            cur->tid = (pid_t)atol(lwp + 5);
            prev_fn[0] = '\0';
        } else if (line[0] == '#' && cur) {
            take_frame(cur, line, variant, prev_fn, sizeof prev_fn);
        } else if (strncmp(line, "@@symbol 0x", 11) == 0) {
            pending = strtoul(line + 11, NULL, 16);
            cur = NULL;
        } else if (pending && line[0]) {
            take_symbol(gi, pending, line);
            pending = 0;
        }
        free(line);
    }
}
