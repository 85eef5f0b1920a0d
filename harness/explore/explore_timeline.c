/* explore_timeline.c - the failing schedule as a student reads it: each
 * step's file:line and operation, trimmed to what matters, one column per
 * thread; and who waits for whom in a deadlock (see explore.h).
 *
 * Program counters become file:line, and globals get their names, with
 * racekit's libdw symbolizer (symbolize.h) when it was built with it, else
 * with ONE batched addr2line process and ONE nm process per call (nm alone
 * costs more than a whole replay: it loads binutils' LTO plugins). Heap
 * blocks are named by allocation order ("heap block 2"). */
#define _GNU_SOURCE
#include "explore.h"
#include "runtime/explore_proto.h"

#include "build/build.h"
#include "util/util.h"
#include "sandbox/sandbox.h"
#include "read/read.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static const char *const op_names[] = RK_OP_NAMES;
static const char *const call_names[] = RK_CALL_NAMES;

/* ---- the symbolizer ------------------------------------------------------ */

typedef struct {
    uint64_t *pcs;    /* sorted unique */
    char **files;     /* basename per pc, NULL unknown */
    int *lines;
    size_t n;
    struct sym { uint64_t addr, size; char *name; } *syms; /* from nm */
    size_t n_syms;
    rk_symbolizer *dw; /* libdw instead of addr2line and nm; NULL without */
    const char *binary;
} sym_table;

/* Run a trusted tool and keep its stdout. */
static char *tool_output(char **argv)
{
    rk_spawn_opts o = RK_SPAWN_OPTS_INIT;
    o.argv = argv;
    o.envp = environ;
    o.timeout_s = 30;
    o.capture_cap = 16 << 20;
    rk_run r;
    if (argv[0] == NULL || rk_spawn(&o, &r) < 0)
        return NULL;
    char *out = r.end == RK_END_EXIT && r.status == 0 ? rk_sb_detach(&r.out) : NULL;
    rk_run_free(&r);
    return out;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The file (base name) and line of each of the s->n pcs, with libdw. */
static void lines_from_libdw(sym_table *s)
{
    for (size_t i = 0; i < s->n; i++) {
        rk_sym_frame f;
        /* a return address: the call is the byte before */
        if (rk_sym_code(s->dw, s->binary, s->pcs[i] - 1, &f, 1) == 1) {
            if (f.file[0]) {
                s->files[i] = rk_xstrdup(rk_basename(f.file));
                s->lines[i] = f.line;
            }
            rk_sym_frames_free(&f, 1);
        }
    }
}

/* The same with one addr2line process, and the data symbols from nm. */
static void lines_from_tools(sym_table *s)
{
    size_t u = s->n;
    char *addr2line = rk_find_program("addr2line");
    char **argv = rk_xcalloc(u + 4, sizeof *argv);
    argv[0] = addr2line, argv[1] = "-e", argv[2] = (char *)s->binary;
    for (size_t i = 0; i < u; i++) /* a return address: the call is the byte before */
        argv[3 + i] = rk_xasprintf("0x%" PRIx64, s->pcs[i] - 1);
    char *out = u ? tool_output(argv) : NULL;
    char *save = NULL, *line = out ? strtok_r(out, "\n", &save) : NULL;
    for (size_t i = 0; i < u && line; i++, line = strtok_r(NULL, "\n", &save)) {
        char *colon = strrchr(line, ':');
        if (colon && line[0] != '?') {
            *colon = '\0';
            const char *base = strrchr(line, '/');
            s->files[i] = rk_xstrdup(base ? base + 1 : line);
            s->lines[i] = atoi(colon + 1);
        }
    }
    free(out);
    for (size_t i = 0; i < u; i++)
        free(argv[3 + i]);
    free(argv);
    free(addr2line);
    char *nm = rk_find_program("nm");
    char *nm_argv[] = { nm, "-S", "--defined-only", (char *)s->binary, NULL };
    out = tool_output(nm_argv);
    size_t cap = 0;
    for (line = out ? strtok_r(out, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
        char type, name[256];
        unsigned long long addr, size;
        if (sscanf(line, "%llx %llx %c %255s", &addr, &size, &type, name) != 4 || strchr("bBdDrR", type) == NULL)
            continue;
        if (s->n_syms == cap)
            s->syms = rk_xrealloc(s->syms, (cap = cap ? cap * 2 : 64) * sizeof *s->syms);
        s->syms[s->n_syms++] = (struct sym){ addr, size, rk_xstrdup(name) };
    }
    free(out);
    free(nm);
}

static void sym_open(sym_table *s, const char *binary, const uint64_t *pcs, size_t n)
{
    memset(s, 0, sizeof *s);
    s->binary = binary;
    s->pcs = rk_xcalloc(n + 1, sizeof *s->pcs);
    for (size_t i = 0; i < n; i++)
        if (pcs[i])
            s->pcs[s->n++] = pcs[i];
    qsort(s->pcs, s->n, sizeof *s->pcs, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < s->n; i++)
        if (u == 0 || s->pcs[u - 1] != s->pcs[i])
            s->pcs[u++] = s->pcs[i];
    s->n = u;
    s->files = rk_xcalloc(u + 1, sizeof *s->files);
    s->lines = rk_xcalloc(u + 1, sizeof *s->lines);
    s->dw = rk_sym_available() ? rk_sym_new() : NULL;
    if (s->dw)
        lines_from_libdw(s);
    else
        lines_from_tools(s);
}

static const char *sym_line(const sym_table *s, uint64_t pc, int *line)
{
    *line = 0;
    const uint64_t *hit = pc ? bsearch(&pc, s->pcs, s->n, sizeof *s->pcs, cmp_u64) : NULL;
    if (hit == NULL || s->files[hit - s->pcs] == NULL)
        return "?";
    *line = s->lines[hit - s->pcs];
    return s->files[hit - s->pcs];
}

/* A name for a location: a global's symbol (+offset), a heap block, or
 * "stack"/"memory". Caller frees. */
static char *sym_name(const sym_table *s, char kind, uint32_t block, uint64_t addr)
{
    if (kind == 'g' && s->dw) {
        uint64_t size = 0, into = 0;
        char *name = rk_sym_data(s->dw, s->binary, addr, &size, &into);
        char *named = name == NULL || into >= (size ? size : 1) ? rk_xasprintf("global 0x%" PRIx64, addr)
                      : into == 0                               ? rk_xstrdup(name)
                                                                : rk_xasprintf("%s+%" PRIu64, name, into);
        free(name);
        return named;
    }
    if (kind == 'g') {
        for (size_t i = 0; i < s->n_syms; i++) {
            const struct sym *y = &s->syms[i];
            if (addr >= y->addr && addr < y->addr + (y->size ? y->size : 1))
                return addr == y->addr ? rk_xstrdup(y->name)
                                       : rk_xasprintf("%s+%" PRIu64, y->name, addr - y->addr);
        }
        return rk_xasprintf("global 0x%" PRIx64, addr);
    }
    if (kind == 'h')
        return addr ? rk_xasprintf("heap block %u+%" PRIu64, block, addr) : rk_xasprintf("heap block %u", block);
    if (kind == 'o')
        return rk_xstrdup("a local");
    return rk_xstrdup("");
}

static void sym_close(sym_table *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->files[i]);
    for (size_t i = 0; i < s->n_syms; i++)
        free(s->syms[i].name);
    free(s->files);
    free(s->lines);
    free(s->pcs);
    free(s->syms);
    rk_sym_free(s->dw);
}

/* ---- trimming -------------------------------------------------------------- */

static int is_access(int op) { return op >= RK_OP_READ && op <= RK_OP_ATOMIC_RMW; }
static int is_write(int op) { return op == RK_OP_WRITE || op == RK_OP_ATOMIC_STORE || op == RK_OP_ATOMIC_RMW; }

/* Order of access steps by location (kind, block, address). */
static const rk_xrun *sort_run;
static int cmp_location(const void *pa, const void *pb)
{
    const rk_xstep *a = &sort_run->steps_v[*(const size_t *)pa], *b = &sort_run->steps_v[*(const size_t *)pb];
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->block != b->block)
        return a->block < b->block ? -1 : 1;
    return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* shared[i] = 1 when step i is an access to a location that two threads
 * touch with at least one write: one sort of the accesses by location, then
 * one pass per group (a trace holds up to 2^17 steps, too many to compare
 * each with all). Caller frees. */
static unsigned char *shared_locations(const rk_xrun *r)
{
    unsigned char *shared = rk_xcalloc(r->n_steps + 1, 1);
    size_t *idx = rk_xcalloc(r->n_steps + 1, sizeof *idx), n = 0;
    for (size_t i = 0; i < r->n_steps; i++)
        if (is_access(r->steps_v[i].op))
            idx[n++] = i;
    sort_run = r;
    qsort(idx, n, sizeof *idx, cmp_location);
    for (size_t g = 0; g < n;) {
        size_t end = g + 1;
        while (end < n && cmp_location(&idx[g], &idx[end]) == 0)
            end++;
        int other = 0, write = 0;
        for (size_t j = g; j < end; j++) {
            other |= r->steps_v[idx[j]].thread != r->steps_v[idx[g]].thread;
            write |= is_write(r->steps_v[idx[j]].op);
        }
        for (size_t j = g; j < end; j++)
            shared[idx[j]] = (unsigned char)(other && write);
        g = end;
    }
    free(idx);
    return shared;
}

/* 1 for racekit.h, the kit's own code in a case (starting the threads
 * together, the ordering barrier turned off). */
static int is_kit_file(const char *file)
{
    return strcmp(file, "racekit.h") == 0;
}

void rk_timeline_build(const char *binary, const rk_xrun *r, rk_timeline *t)
{
    memset(t, 0, sizeof *t);
    t->total = r->n_steps;
    uint64_t *pcs = rk_xcalloc(r->n_steps + 1, sizeof *pcs);
    for (size_t i = 0; i < r->n_steps; i++)
        pcs[i] = r->steps_v[i].pc;
    sym_table s;
    sym_open(&s, binary, pcs, r->n_steps);
    free(pcs);
    t->rows = rk_xcalloc(r->n_steps + 1, sizeof *t->rows);
    unsigned char *shared = shared_locations(r);
    for (size_t i = 0; i < r->n_steps; i++) {
        const rk_xstep *st = &r->steps_v[i];
        if (st->thread + 1 > t->n_threads)
            t->n_threads = st->thread + 1;
        int line;
        const char *file = sym_line(&s, st->pc, &line);
        /* In racekit.h only the threads' lives matter, not the start gate
         * or the barrier turned off. */
        int kit = is_kit_file(file);
        int keep = is_access(st->op) ? st->kind != 'o' && !kit && shared[i]
                   : kit ? st->op == RK_OP_CREATE || st->op == RK_OP_JOIN
                         : st->op != RK_OP_NONE;
        if (!keep)
            continue;
        rk_xrow *row = &t->rows[t->n++];
        row->thread = st->thread;
        row->file = rk_xstrdup(file);
        row->line = line;
        char *name = st->op == RK_OP_WAIT || st->op == RK_OP_WAKE || st->op >= RK_OP_CREATE
                         ? rk_xstrdup("")
                         : sym_name(&s, st->kind, st->block, st->addr);
        const char *op = st->op < RK_OP_COUNT ? op_names[st->op] : "?";
        if (st->op == RK_OP_WAIT || st->op == RK_OP_WAKE) {
            char *cv = sym_name(&s, st->kind, st->block, st->addr);
            char *m = sym_name(&s, st->obj_kind, st->obj_block, st->obj);
            row->op = rk_xasprintf("%s %s (%s %s)", op, cv, st->op == RK_OP_WAIT ? "releases" : "takes", m);
            free(cv);
            free(m);
        } else {
            if (st->op == RK_OP_CALL)
                row->op = rk_xasprintf("call %s", st->size < RK_CALL_COUNT ? call_names[st->size] : "?");
            else
                row->op = *name ? rk_xasprintf("%s %s", op, name) : rk_xstrdup(op);
        }
        free(name);
    }
    free(shared);
    sym_close(&s);
}

void rk_timeline_free(rk_timeline *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->rows[i].file);
        free(t->rows[i].op);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

void rk_timeline_text(const rk_timeline *t, rk_strbuf *out)
{
    enum { W = 34 };
    rk_sb_printf(out, "%5s ", "step");
    for (int c = 0; c < t->n_threads; c++) {
        char head[32];
        snprintf(head, sizeof head, c ? "thread %d" : "thread 0 (main)", c);
        rk_sb_printf(out, "| %-*s", W, head);
    }
    rk_sb_puts(out, "\n");
    for (size_t i = 0; i < t->n; i++) {
        const rk_xrow *row = &t->rows[i];
        char cell[160];
        if (row->line > 0)
            snprintf(cell, sizeof cell, "%s:%d %s", row->file, row->line, row->op);
        else /* a thread's end has no line */
            snprintf(cell, sizeof cell, "%s", row->op);
        rk_sb_printf(out, "%5zu ", i + 1);
        for (int c = 0; c < t->n_threads; c++)
            rk_sb_printf(out, "| %-*.*s", W, W, c == row->thread ? cell : "");
        rk_sb_puts(out, "\n");
    }
    if (t->n < t->total)
        rk_sb_printf(out, "(%zu of %zu steps shown: the shared locations and the synchronisation)\n", t->n,
                     t->total);
}

/* Symbols for the threads' next steps and the places their holders took
 * what they wait for: one addr2line for all of them. */
static void thread_syms(const char *binary, const rk_xrun *r, sym_table *s)
{
    uint64_t *pcs = rk_xcalloc(2 * r->n_threads + 1, sizeof *pcs);
    for (size_t i = 0; i < r->n_threads; i++)
        pcs[2 * i] = r->threads[i].pc, pcs[2 * i + 1] = r->threads[i].holder_pc;
    sym_open(s, binary, pcs, 2 * r->n_threads);
    free(pcs);
}

static void thread_lines(const sym_table *s, const rk_xrun *r, int only_blocked, rk_strbuf *out)
{
    for (size_t i = 0; i < r->n_threads; i++) {
        const rk_xthread *t = &r->threads[i];
        int blocked = strcmp(t->state, "blocked") == 0;
        if (only_blocked && !blocked)
            continue;
        if (strcmp(t->state, "finished") == 0) {
            rk_sb_printf(out, "thread %d%s finished\n", t->id, t->id ? "" : " (main)");
            continue;
        }
        int line, hline;
        const char *file = sym_line(s, t->pc, &line);
        /* A thread about to start or join names no location. */
        char *name = t->op >= RK_OP_CREATE ? rk_xstrdup("") : sym_name(s, t->kind, t->block, t->addr);
        const char *op = t->op < RK_OP_COUNT ? op_names[t->op] : "?";
        rk_sb_printf(out, "thread %d%s %s at %s:%d: %s%s%s%s", t->id, t->id ? "" : " (main)",
                     blocked ? "blocked" : "can run", file, line, op, *name ? " `" : "", name, *name ? "`" : "");
        if (blocked && t->op == RK_OP_JOIN && t->holder >= 0) {
            rk_sb_printf(out, ", waits for thread %d to finish", t->holder);
        } else if (blocked && t->holder >= 0) {
            const char *hfile = sym_line(s, t->holder_pc, &hline);
            rk_sb_printf(out, ", held by thread %d (taken at %s:%d)", t->holder, hfile, hline);
        }
        rk_sb_puts(out, "\n");
        free(name);
    }
}

void rk_explore_deadlock_text(const char *binary, const rk_xrun *r, rk_strbuf *out)
{
    if (strcmp(r->end, RK_XEND_DEADLOCK) != 0)
        return;
    sym_table s;
    thread_syms(binary, r, &s);
    thread_lines(&s, r, 1, out);
    sym_close(&s);
}

int rk_explore_pause_text(const char *binary, const rk_xrun *r, rk_strbuf *out)
{
    sym_table s;
    thread_syms(binary, r, &s);
    int pick = -1;
    for (size_t i = 0; i < r->n_threads && pick < 0; i++) {
        const rk_xthread *t = &r->threads[i];
        int line;
        if (strcmp(t->state, "enabled") == 0 && is_kit_file(sym_line(&s, t->pc, &line)))
            pick = t->id;
    }
    if (pick < 0)
        thread_lines(&s, r, 0, out);
    sym_close(&s);
    return pick;
}
