/* stacks.c - thread stacks and waits of a hung program (see stacks.h). */
#define _GNU_SOURCE
#include "stacks.h"
#include "build/build.h"
#include "util/util.h"
#include "sandbox/sandbox.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

enum {
    GDB_TIMEOUT_S = 10,   /* attach + backtraces of a TSan program take ~1 s */
    MAX_THREADS = 256,
    MAX_SHOWN = 4,        /* threads named in a summary without mutex waits */
    FUTEX_CMD_MASK = 0x7f, /* op without FUTEX_PRIVATE_FLAG / CLOCK_REALTIME */
};

/* ---- what /proc shows ---------------------------------------------------- */

static int by_tid(const void *a, const void *b)
{
    pid_t x = ((const rk_thread_wait *)a)->tid, y = ((const rk_thread_wait *)b)->tid;
    return (x > y) - (x < y);
}

/* The futex word a thread sleeps on, from "202 0x<uaddr> 0x<op> ...":
 * FUTEX_WAIT or FUTEX_WAIT_BITSET (glibc's lock wait), FUTEX_LOCK_PI or
 * FUTEX_LOCK_PI2 (then *pi = 1); 0 for anything else. */
static unsigned long futex_of(const char *syscall_line, int *pi)
{
    char *end;
    long nr = strtol(syscall_line, &end, 10);
    if (end == syscall_line || nr != SYS_futex)
        return 0;
    unsigned long addr = strtoul(end, &end, 16);
    unsigned long op = strtoul(end, NULL, 16) & FUTEX_CMD_MASK;
    *pi = op == 6 || op == 13;
    return op == 0 || op == 9 || *pi ? addr : 0;
}

static void read_thread(pid_t pid, rk_thread_wait *t)
{
    char *stat_path = rk_xasprintf("/proc/%ld/task/%ld/stat", (long)pid, (long)t->tid);
    char *sys_path = rk_xasprintf("/proc/%ld/task/%ld/syscall", (long)pid, (long)t->tid);
    char *stat = rk_read_file(stat_path, 4096, NULL);
    char *sys = rk_read_file(sys_path, 4096, NULL);
    const char *paren = stat ? strrchr(stat, ')') : NULL;
    t->state = paren && paren[1] == ' ' && paren[2] ? paren[2] : '?';
    t->futex = sys ? futex_of(sys, &t->futex_pi) : 0;
    free(stat), free(sys), free(stat_path), free(sys_path);
}

static int has_tid(const rk_thread_wait *t, int n, pid_t tid)
{
    for (int i = 0; i < n; i++)
        if (t[i].tid == tid)
            return 1;
    return 0;
}

/* For each futex word: is it a locked glibc mutex, and held by whom? The
 * lock word is the first int of pthread_mutex_t: 1 or 2 (locked, maybe
 * with waiters) for the usual kinds, the holder's tid for PI mutexes;
 * __owner, the third int, is the holder's tid. Other futexes, such as
 * pthread_join's wait on a thread's tid, do not look like that. */
static void read_owners(pid_t pid, rk_thread_wait *t, int n)
{
    char *mem_path = rk_xasprintf("/proc/%ld/mem", (long)pid);
    int mem = open(mem_path, O_RDONLY | O_CLOEXEC);
    free(mem_path);
    for (int i = 0; i < n && mem >= 0; i++) {
        int words[3];
        if (t[i].futex == 0 || pread(mem, words, sizeof words, (off_t)t[i].futex) != (ssize_t)sizeof words)
            continue;
        pid_t owner = t[i].futex_pi ? (pid_t)(words[0] & 0x3fffffff) /* FUTEX_TID_MASK */ : words[2];
        if ((t[i].futex_pi || words[0] == 1 || words[0] == 2) && has_tid(t, n, owner))
            t[i].owner = owner;
    }
    if (mem >= 0)
        close(mem);
}

/* Every thread of `pid`, sorted by tid (creation order), with its wait. */
static int read_waits(pid_t pid, rk_thread_wait *t, int max)
{
    char *dir = rk_xasprintf("/proc/%ld/task", (long)pid);
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && n < max && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        memset(&t[n], 0, sizeof t[n]);
        t[n].tid = (pid_t)atol(e->d_name);
        read_thread(pid, &t[n]);
        n++;
    }
    if (d)
        closedir(d);
    free(dir);
    qsort(t, (size_t)n, sizeof *t, by_tid);
    read_owners(pid, t, n);
    return n;
}

static char *from_proc(pid_t pid, const rk_thread_wait *t, int n)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_sb_puts(&sb, "threads (from /proc; install gdb for their stacks):\n");
    for (int i = 0; i < n; i++) {
        char *wchan_path = rk_xasprintf("/proc/%ld/task/%ld/wchan", (long)pid, (long)t[i].tid);
        char *wchan = rk_read_file(wchan_path, 256, NULL);
        rk_sb_printf(&sb, "thread tid %ld%s: state %c, waiting in %s", (long)t[i].tid,
                     t[i].tid == pid ? " (main)" : "", t[i].state, wchan && *wchan ? wchan : "-");
        if (t[i].futex)
            rk_sb_printf(&sb, ", futex 0x%lx", t[i].futex);
        if (t[i].owner)
            rk_sb_printf(&sb, " (a mutex held by tid %ld)", (long)t[i].owner);
        rk_sb_putc(&sb, '\n');
        free(wchan), free(wchan_path);
    }
    return rk_sb_detach(&sb);
}

/* ---- what gdb shows ------------------------------------------------------ */

static char *with_gdb(const char *gdb, pid_t pid, const rk_thread_wait *t, int n)
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

/* One thread of gdb's output, reduced to what a summary needs. */
struct gthread {
    pid_t tid;
    int runtime;     /* the detector's own thread (TSan's background thread) */
    int in_lock;     /* a frame is pthread_mutex_lock */
    char where[160]; /* "unsafe.c:21": its innermost frame in the variant */
    char function[96];
    char callee[96]; /* the frame it called from there, e.g. pthread_join */
};

struct gdb_info {
    struct gthread threads[MAX_THREADS];
    int n;
    unsigned long sym_addr[MAX_THREADS];
    char sym_name[MAX_THREADS][80];
    int n_sym;
};

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

static void parse_gdb(const char *text, const char *variant, struct gdb_info *gi)
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

/* ---- the summary --------------------------------------------------------- */

static const struct gthread *find_g(const struct gdb_info *gi, pid_t tid)
{
    for (int i = 0; gi && i < gi->n; i++)
        if (gi->threads[i].tid == tid)
            return &gi->threads[i];
    return NULL;
}

/* "the main thread", "thread 2" (creation order, runtime threads left out)
 * or, without gdb, "the thread with tid 5335". */
static void thread_name(const rk_thread_wait *t, int n, pid_t pid, const struct gdb_info *gi, pid_t tid,
                        char *out, size_t len)
{
    if (tid == pid) {
        snprintf(out, len, "the main thread");
        return;
    }
    if (gi == NULL || gi->n == 0) {
        snprintf(out, len, "the thread with tid %ld", (long)tid);
        return;
    }
    int number = 0;
    for (int i = 0; i < n && t[i].tid <= tid; i++) {
        const struct gthread *g = find_g(gi, t[i].tid);
        number += t[i].tid != pid && !(g && g->runtime);
    }
    snprintf(out, len, "thread %d", number);
}

static void mutex_name(const struct gdb_info *gi, unsigned long addr, char *out, size_t len)
{
    for (int i = 0; gi && i < gi->n_sym; i++)
        if (gi->sym_addr[i] == addr) {
            snprintf(out, len, "mutex `%s`", gi->sym_name[i]);
            return;
        }
    snprintf(out, len, "the mutex at 0x%lx", addr);
}

static const rk_thread_wait *find_t(const rk_thread_wait *t, int n, pid_t tid)
{
    for (int i = 0; i < n; i++)
        if (t[i].tid == tid)
            return &t[i];
    return NULL;
}

/* 1 when following "waits for a mutex held by" from t[i] comes back to it. */
static int in_cycle(const rk_thread_wait *t, int n, int i)
{
    const rk_thread_wait *cur = &t[i];
    for (int steps = 0; steps < n && cur && cur->owner; steps++) {
        if (cur->owner == t[i].tid)
            return 1;
        cur = find_t(t, n, cur->owner);
    }
    return 0;
}

/* Does t wait for a mutex? With gdb's stack, only if it is in the lock. */
static int waits_for_mutex(const rk_thread_wait *t, const struct gdb_info *gi)
{
    const struct gthread *g = find_g(gi, t->tid);
    return t->owner != 0 && (g == NULL || g->in_lock);
}

static void mutex_clauses(const rk_thread_wait *t, int n, pid_t pid, const struct gdb_info *gi,
                          rk_strbuf *sb, int *cycle)
{
    for (int i = 0; i < n; i++) {
        if (!waits_for_mutex(&t[i], gi))
            continue;
        char who[64], holder[64], mutex[128];
        thread_name(t, n, pid, gi, t[i].tid, who, sizeof who);
        thread_name(t, n, pid, gi, t[i].owner, holder, sizeof holder);
        mutex_name(gi, t[i].futex, mutex, sizeof mutex);
        const struct gthread *g = find_g(gi, t[i].tid);
        rk_sb_printf(sb, "%s%s waits for %s ", sb->len ? "; " : "", who, mutex);
        if (t[i].owner == t[i].tid)
            rk_sb_puts(sb, "that it already holds");
        else
            rk_sb_printf(sb, "held by %s", holder);
        if (g && g->where[0])
            rk_sb_printf(sb, " at %s", g->where);
        *cycle |= in_cycle(t, n, i);
    }
}

/* Without mutex waits: where the program's threads were. */
static void where_clauses(const rk_thread_wait *t, int n, pid_t pid, const struct gdb_info *gi, rk_strbuf *sb)
{
    int shown = 0;
    for (int i = 0; i < n && shown < MAX_SHOWN; i++) {
        const struct gthread *g = find_g(gi, t[i].tid);
        if (g == NULL || g->runtime || g->where[0] == '\0')
            continue;
        char who[64];
        thread_name(t, n, pid, gi, t[i].tid, who, sizeof who);
        if (t[i].state == 'R' || g->callee[0] == '\0')
            rk_sb_printf(sb, "%s%s was running in %s at %s", sb->len ? "; " : "", who, g->function, g->where);
        else
            rk_sb_printf(sb, "%s%s was waiting in %s at %s", sb->len ? "; " : "", who, g->callee, g->where);
        shown++;
    }
}

char *rk_explain_waits(const rk_thread_wait *threads, int n, pid_t pid,
                       const char *gdb_text, const char *variant)
{
    struct gdb_info *gi = NULL;
    if (gdb_text) {
        gi = rk_xmalloc(sizeof *gi);
        parse_gdb(gdb_text, variant, gi);
    }
    rk_strbuf sb = RK_STRBUF_INIT;
    int cycle = 0;
    mutex_clauses(threads, n, pid, gi, &sb, &cycle);
    if (sb.len == 0 && gi)
        where_clauses(threads, n, pid, gi, &sb);
    free(gi);
    if (sb.len == 0) {
        rk_sb_free(&sb);
        return NULL;
    }
    if (cycle) {
        char *body = rk_sb_detach(&sb);
        rk_sb_printf(&sb, "deadlock: %s", body);
        free(body);
    }
    return rk_sb_detach(&sb);
}

/* RACEKIT_GDB names the gdb ("none": /proc only); else gdb on PATH. */
static char *find_gdb(void)
{
    const char *want = getenv("RACEKIT_GDB");
    if (want && strcmp(want, "none") == 0)
        return NULL;
    return rk_find_program(want && *want ? want : "gdb");
}

char *rk_collect_stacks(pid_t pid, const char *variant, char **summary)
{
    rk_thread_wait *t = rk_xcalloc(MAX_THREADS, sizeof *t);
    int n = read_waits(pid, t, MAX_THREADS); /* before gdb stops the threads */
    char *gdb = find_gdb();
    char *gdb_text = gdb ? with_gdb(gdb, pid, t, n) : NULL;
    free(gdb);
    *summary = rk_explain_waits(t, n, pid, gdb_text, variant);
    rk_strbuf sb = RK_STRBUF_INIT;
    if (*summary)
        rk_sb_printf(&sb, "%s\n\n", *summary);
    char *threads = gdb_text ? gdb_text : from_proc(pid, t, n);
    rk_sb_puts(&sb, threads);
    free(threads);
    free(t);
    return rk_sb_detach(&sb);
}
