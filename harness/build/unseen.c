/* unseen.c - calls a detector cannot see (see unseen.h). */
#define _POSIX_C_SOURCE 200809L
#include "unseen.h"
#include "util/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The watched entry points, with what to call instead. Valgrind's tools
 * redirect functions by address, so glibc's C11 calls, which reach the very
 * pthread functions they wrap, are seen too; they follow every thread
 * (their core sees clone) and check no signal handler. The exception,
 * measured: DRD reports no conflict between threads thrd_create started. */
static const struct watched {
    const char *call, *instead;
    const char *valgrind_blind; /* the Valgrind tool that cannot see it, or NULL */
    const char *spelled; /* how the source calls it, when a header renames it */
} watched[] = {
    { "thrd_create", "pthread_create", "drd", NULL },
    { "thrd_join", "pthread_join", NULL, NULL },
    { "thrd_detach", "pthread_detach", NULL, NULL },
    { "thrd_exit", "pthread_exit", NULL, NULL },
    { "mtx_init", "pthread_mutex_init", NULL, NULL },
    { "mtx_lock", "pthread_mutex_lock", NULL, NULL },
    { "mtx_trylock", "pthread_mutex_trylock", NULL, NULL },
    { "mtx_timedlock", "pthread_mutex_timedlock", NULL, NULL },
    { "mtx_unlock", "pthread_mutex_unlock", NULL, NULL },
    { "mtx_destroy", "pthread_mutex_destroy", NULL, NULL },
    { "cnd_init", "pthread_cond_init", NULL, NULL },
    { "cnd_wait", "pthread_cond_wait", NULL, NULL },
    { "cnd_timedwait", "pthread_cond_timedwait", NULL, NULL },
    { "cnd_signal", "pthread_cond_signal", NULL, NULL },
    { "cnd_broadcast", "pthread_cond_broadcast", NULL, NULL },
    { "cnd_destroy", "pthread_cond_destroy", NULL, NULL },
    { "call_once", "pthread_once", NULL, NULL },
    { "__sysv_signal", "sigaction (or signal() without -std=c11/-D_POSIX_C_SOURCE)", NULL, "signal" },
    { "sysv_signal", "sigaction", NULL, NULL },
    { "bsd_signal", "sigaction", NULL, NULL },
    { "sigset", "sigaction", NULL, NULL },
    { "clone", "pthread_create", NULL, NULL },
};

enum { N_WATCHED = sizeof watched / sizeof watched[0] };

void rk_unseen_trace_flags(rk_strlist *link_flags)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_sb_puts(&sb, "-Wl");
    for (int i = 0; i < N_WATCHED; i++)
        rk_sb_printf(&sb, ",-y,%s", watched[i].call);
    rk_sl_add(link_flags, rk_sb_cstr(&sb));
    rk_sb_free(&sb);
}

static const struct watched *find_watched(const char *name, size_t len)
{
    for (int i = 0; i < N_WATCHED; i++)
        if (strlen(watched[i].call) == len && memcmp(watched[i].call, name, len) == 0)
            return &watched[i];
    return NULL;
}

/* One trace line: "[/usr/bin/ld: ]<file>: reference to <sym>" or "...:
 * definition of <sym>". Returns the watched symbol, with *ref 1 for a
 * reference and *file the file (a view into `line`, `*file_len` bytes); NULL
 * when the line is not a trace of a watched symbol. */
static const struct watched *trace_line(const char *line, size_t len, int *ref, const char **file,
                                        size_t *file_len)
{
    static const char *const tags[] = { ": reference to ", ": definition of " };
    for (int t = 0; t < 2; t++) {
        size_t tl = strlen(tags[t]);
        for (size_t i = 0; i + tl <= len; i++) {
            if (memcmp(line + i, tags[t], tl) != 0)
                continue;
            const struct watched *w = find_watched(line + i + tl, len - i - tl);
            if (w == NULL)
                return NULL;
            const char *start = line;
            const char *ld = strstr(line, ": ");
            if (ld && ld < line + i && strncmp(line, "/usr/bin/ld", 11) == 0)
                start = ld + 2; /* drop the linker's own name */
            *ref = t == 0;
            *file = start;
            *file_len = (size_t)(line + i - start);
            return w;
        }
    }
    return NULL;
}

/* A reference from the program itself: an object file of its own, not a
 * member of an archive, not the harness's hook object. */
static int program_object(const char *file, size_t len)
{
    if (len < 2 || memcmp(file + len - 2, ".o", 2) != 0 || memchr(file, '(', len) != NULL)
        return 0;
    char *f = rk_xstrndup(file, len);
    int own = strstr(f, "/cache/hooks/") == NULL;
    free(f);
    return own;
}

static int is_tsan_library(const char *file, size_t len)
{
    char *f = rk_xstrndup(file, len);
    int tsan = strstr(f, "tsan") != NULL;
    free(f);
    return tsan;
}

/* The first line of `source` that calls `name` ("name(" or "name ("),
 * comments left out; 0 when none does. */
static int call_line(const char *source, const char *name)
{
    size_t n = strlen(name);
    int line = 1;
    for (const char *p = source; *p; p++) {
        if (*p == '\n') {
            line++;
        } else if (p[0] == '/' && p[1] == '/') {
            while (p[1] && p[1] != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            for (p += 2; *p && !(p[0] == '*' && p[1] == '/'); p++)
                line += *p == '\n';
            if (!*p)
                break;
            p++;
        } else if (strncmp(p, name, n) == 0 && (p == source || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
            const char *q = p + n;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '(')
                return line;
        }
    }
    return 0;
}

void rk_unseen_scan(rk_strbuf *log, const rk_detector *d, const char *source, rk_unseen *out)
{
    int referenced[N_WATCHED] = { 0 }, intercepted[N_WATCHED] = { 0 };
    rk_strbuf kept = RK_STRBUF_INIT;
    const char *text = rk_sb_cstr(log);
    memset(out, 0, sizeof *out);
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        int ref;
        const char *file;
        size_t file_len;
        const struct watched *w = trace_line(p, len, &ref, &file, &file_len);
        if (w == NULL) {
            rk_sb_add(&kept, p, nl ? len + 1 : len);
        } else if (ref) {
            referenced[w - watched] |= program_object(file, file_len);
        } else {
            intercepted[w - watched] |= is_tsan_library(file, file_len);
        }
        p = nl ? nl + 1 : p + len;
    }
    for (int i = 0; i < N_WATCHED && out->n < RK_UNSEEN_MAX; i++) {
        if (!referenced[i])
            continue;
        int unseen = d->family == RK_FAMILY_VALGRIND
                         ? watched[i].valgrind_blind && strcmp(watched[i].valgrind_blind, d->valgrind_tool) == 0
                         : !intercepted[i] || strcmp(watched[i].call, "clone") == 0;
        if (!unseen)
            continue;
        rk_unseen_call *c = &out->calls[out->n++];
        c->call = watched[i].call;
        c->instead = watched[i].instead;
        c->spelled = watched[i].spelled;
        c->line = source ? call_line(source, c->spelled ? c->spelled : c->call) : 0;
    }
    rk_sb_free(log);
    *log = kept;
}

/* ", " between items and " and " before the last of `n`. */
static const char *list_sep(int i, int n)
{
    return i == 0 ? "" : i == n - 1 ? " and " : ", ";
}

/* Source order, unknown lines last, then by name (qsort is not stable). */
static int by_line(const void *a, const void *b)
{
    const rk_unseen_call *x = a, *y = b;
    if ((x->line == 0) != (y->line == 0))
        return x->line == 0 ? 1 : -1;
    return x->line != y->line ? x->line - y->line : strcmp(x->call, y->call);
}

char *rk_unseen_reason(const rk_unseen *u, const char *runtime, const char *variant_file)
{
    if (u->n == 0)
        return NULL;
    rk_unseen_call calls[RK_UNSEEN_MAX];
    memcpy(calls, u->calls, (size_t)u->n * sizeof calls[0]);
    qsort(calls, (size_t)u->n, sizeof calls[0], by_line);
    const char *instead[RK_UNSEEN_MAX];
    int n_instead = 0;
    for (int i = 0; i < u->n; i++) {
        int dup = 0;
        for (int j = 0; j < n_instead; j++)
            dup |= strcmp(instead[j], calls[i].instead) == 0;
        if (!dup)
            instead[n_instead++] = calls[i].instead;
    }
    rk_strbuf what = RK_STRBUF_INIT, use = RK_STRBUF_INIT;
    for (int i = 0; i < u->n; i++) {
        const rk_unseen_call *c = &calls[i];
        rk_sb_printf(&what, "%s%s", list_sep(i, u->n), c->spelled ? c->spelled : c->call);
        if (c->spelled || c->line > 0)
            rk_sb_puts(&what, " (");
        if (c->spelled)
            rk_sb_printf(&what, "as %s%s", c->call, c->line > 0 ? ", " : "");
        if (c->line > 0)
            rk_sb_printf(&what, "%s:%d", variant_file, c->line);
        if (c->spelled || c->line > 0)
            rk_sb_puts(&what, ")");
    }
    for (int i = 0; i < n_instead; i++)
        rk_sb_printf(&use, "%s%s", list_sep(i, n_instead), instead[i]);
    char *s = rk_xasprintf("%s calls %s, which %s does not intercept: the threads, locks or signal handlers "
                           "set up that way are invisible to it, so it cannot judge this program; use %s "
                           "instead, or a detector whose runtime intercepts %s (docs/detectors.md)",
                           variant_file, rk_sb_cstr(&what), runtime, rk_sb_cstr(&use), u->n == 1 ? "it" : "them");
    rk_sb_free(&what);
    rk_sb_free(&use);
    return s;
}

/* "clang version 14.0.6" -> "clang 14"; "gcc (Debian 12.2.0-14) 12.2.0" ->
 * "gcc 12"; NULL when the line names neither. */
static char *compiler_short(const char *version)
{
    const char *at;
    if (version && (at = strstr(version, "clang version ")) != NULL)
        return rk_xasprintf("clang %d", atoi(at + 14));
    if (version && (strncmp(version, "gcc", 3) == 0 || strstr(version, "GCC"))) {
        const char *last = strrchr(version, ' ');
        return rk_xasprintf("gcc %d", last ? atoi(last + 1) : 0);
    }
    return NULL;
}

char *rk_runtime_name(const rk_detector *d, const char *version)
{
    if (d->family == RK_FAMILY_VALGRIND)
        return rk_xstrdup(d->display_name ? d->display_name : d->name);
    char *cc = compiler_short(version);
    char *s = cc ? rk_xasprintf("%s's ThreadSanitizer", cc) : rk_xstrdup("this ThreadSanitizer");
    free(cc);
    return s;
}
