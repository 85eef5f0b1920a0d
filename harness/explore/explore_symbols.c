/* explore_symbols.c - the symbol table of the timeline (see timeline.h).
 *
 * Program counters become file:line, and globals get their names, with
 * racekit's libdw symbolizer (symbolize.h) when it was built with it, else
 * with ONE batched addr2line process and ONE nm process per call (nm alone
 * costs more than a whole replay: it loads binutils' LTO plugins). With
 * libdw a place inside a global is named as C writes it ("forks[1]"),
 * else by offset ("forks+48"). Heap blocks are named by allocation order
 * ("heap block 2"). */
#define _GNU_SOURCE
#include "timeline.h"

#include "build/build.h"
#include "util/util.h"
#include "sandbox/sandbox.h"
#include "read/read.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

/* Run a trusted tool (sandbox/tool.h: found at configure time, not
 * replaceable by the programs; argv[0] NULL when refused) and keep its
 * stdout. */
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

/* The order of program counters, for qsort and bsearch. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The file (base name) and line of each of the s->n pcs, with libdw. */
static void lines_from_libdw(rk_xsym_table *s)
{
    for (size_t i = 0; i < s->n; i++) {
        rk_sym_frame f;
        /* a return address: the call is the byte before */
        if (rk_sym_code(s->dw, s->binary, s->pcs[i] - 1, &f, 1) == 1) {
            if (f.file[0]) {
                s->files[i] = rk_xstrdup(rk_basename(f.file));
                s->lines[i] = f.line;
            }
            if (f.function[0])
                s->functions[i] = rk_xstrdup(f.function);
            rk_sym_frames_free(&f, 1);
        }
    }
}

/* The same with one addr2line process (-f: each answer is the function's
 * line, then file:line), and the data symbols from nm. */
static void lines_from_tools(rk_xsym_table *s)
{
    size_t u = s->n;
    char *addr2line = rk_tool_find(RK_TOOL_ADDR2LINE, "the timeline shows no file names and lines");
    char **argv = rk_xcalloc(u + 5, sizeof *argv);
    argv[0] = addr2line, argv[1] = "-f", argv[2] = "-e", argv[3] = (char *)s->binary;
    for (size_t i = 0; i < u; i++) /* a return address: the call is the byte before */
        argv[4 + i] = rk_xasprintf("0x%" PRIx64, s->pcs[i] - 1);
    char *out = u ? tool_output(argv) : NULL;
    char *save = NULL, *line = out ? strtok_r(out, "\n", &save) : NULL;
    for (size_t i = 0; i < u && line; i++, line = strtok_r(NULL, "\n", &save)) {
        if (strcmp(line, "??") != 0)
            s->functions[i] = rk_xstrdup(line);
        if ((line = strtok_r(NULL, "\n", &save)) == NULL)
            break;
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
        free(argv[4 + i]);
    free(argv);
    free(addr2line);
    char *nm = rk_tool_find(RK_TOOL_NM, "the timeline names no globals");
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
        s->syms[s->n_syms++] = (struct rk_xsym){ addr, size, rk_xstrdup(name) };
    }
    free(out);
    free(nm);
}

void rk_xsym_open(rk_xsym_table *s, const char *binary, const uint64_t *pcs, size_t n)
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
    s->functions = rk_xcalloc(u + 1, sizeof *s->functions);
    s->dw = rk_sym_available() ? rk_sym_new() : NULL;
    if (s->dw)
        lines_from_libdw(s);
    else
        lines_from_tools(s);
}

const char *rk_xsym_line(const rk_xsym_table *s, uint64_t pc, int *line)
{
    *line = 0;
    const uint64_t *hit = pc ? bsearch(&pc, s->pcs, s->n, sizeof *s->pcs, cmp_u64) : NULL;
    if (hit == NULL || s->files[hit - s->pcs] == NULL)
        return "?";
    *line = s->lines[hit - s->pcs];
    return s->files[hit - s->pcs];
}

const char *rk_xsym_function(const rk_xsym_table *s, uint64_t pc)
{
    const uint64_t *hit = pc ? bsearch(&pc, s->pcs, s->n, sizeof *s->pcs, cmp_u64) : NULL;
    return hit ? s->functions[hit - s->pcs] : NULL;
}

/* A name for a location (see timeline.h). Caller frees. */
char *rk_xsym_name(const rk_xsym_table *s, char kind, uint32_t block, uint64_t addr)
{
    if (kind == 'g' && s->dw) {
        char *name = rk_sym_data_path(s->dw, s->binary, addr);
        return name ? name : rk_xasprintf("global 0x%" PRIx64, addr);
    }
    if (kind == 'g') {
        for (size_t i = 0; i < s->n_syms; i++) {
            const struct rk_xsym *y = &s->syms[i];
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

void rk_xsym_close(rk_xsym_table *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->files[i]), free(s->functions[i]);
    for (size_t i = 0; i < s->n_syms; i++)
        free(s->syms[i].name);
    free(s->files);
    free(s->functions);
    free(s->lines);
    free(s->pcs);
    free(s->syms);
    rk_sym_free(s->dw);
}
