/* timeline.h - inside harness/explore/: the symbol table that the
 * timeline, the deadlock text and the pause text (explore_timeline.c) read
 * a run through, made by explore_symbols.c: the program counters of a run
 * as file:line, its locations as names; and the threads' state in words
 * for the reasons of explore_case.c. Not part of the door. */
#ifndef RK_EXPLORE_TIMELINE_H
#define RK_EXPLORE_TIMELINE_H

#include "explore.h"
#include "read/read.h"

#include <stddef.h>
#include <stdint.h>

/* The symbols of one binary for a set of program counters. */
typedef struct {
    uint64_t *pcs;    /* sorted unique */
    char **files;     /* basename per pc, NULL unknown */
    int *lines;
    char **functions; /* per pc, NULL unknown */
    size_t n;
    struct rk_xsym { uint64_t addr, size; char *name; } *syms; /* from nm */
    size_t n_syms;
    rk_symbolizer *dw; /* libdw instead of addr2line and nm; NULL without */
    const char *binary;
} rk_xsym_table;

/* rk_xsym_open - fill *s for `binary` (kept, not copied) with the file
 * (base name) and line of each non-zero one of the n `pcs`, return
 * addresses (the call is the byte before): with libdw when racekit has it,
 * else with one addr2line process, and the data symbols from one nm
 * process. Never fails: what does not resolve stays unknown. Free with
 * rk_xsym_close. */
void rk_xsym_open(rk_xsym_table *s, const char *binary, const uint64_t *pcs, size_t n);

/* rk_xsym_line - the file (base name) of `pc`, with its line in *line; "?"
 * and 0 when unknown (pc 0 or not among those opened). The string belongs
 * to s. */
const char *rk_xsym_line(const rk_xsym_table *s, uint64_t pc, int *line);

/* rk_xsym_function - the function `pc` is in, or NULL when unknown. The
 * string belongs to s. */
const char *rk_xsym_function(const rk_xsym_table *s, uint64_t pc);

/* rk_xsym_name - a name for a location of kind `kind` (explore_proto.h):
 * a global's place ("forks[1]", "pool.nonempty" with libdw; else
 * "forks+48"; "global 0x..." when no symbol holds it), "heap block N"
 * (+offset) for heap block `block`, "a local", or "" for any other kind.
 * Caller frees. */
char *rk_xsym_name(const rk_xsym_table *s, char kind, uint32_t block, uint64_t addr);

/* rk_xlocal_first - the first step of r that touched the local (kind 'o')
 * at `addr`, or NULL: whose stack it is on, in practice, and the pc to
 * open in a symbol table for rk_xplace_name. */
const rk_xstep *rk_xlocal_first(const rk_xrun *r, uint64_t addr);

/* rk_xplace_name - rk_xsym_name, and for a local (kind 'o') where it was
 * first used, from r's trace: "a local first used by thread 0 in
 * deposit() at unsafe.c:54" (the first use's pc opened in s), else "a
 * local". Caller frees. */
char *rk_xplace_name(const rk_xsym_table *s, const rk_xrun *r, char kind, uint32_t block, uint64_t addr);

/* rk_xop_name - the word for operation `op` (enum rk_op), "?" unknown. */
const char *rk_xop_name(int op);

/* rk_xkit_file - 1 for racekit.h, the kit's own code in a case. */
int rk_xkit_file(const char *file);

/* rk_xsym_close - release what rk_xsym_open made. */
void rk_xsym_close(rk_xsym_table *s);

/* rk_explore_threads_line - what each thread of r was doing when its
 * schedule ended, in one line for a reason: "thread 0 (main) blocked at
 * safe.c:25: join, waits for thread 1 to finish; thread 1 running, last
 * step at safe.c:10: read `x`" (explore_timeline.c). Caller frees; NULL when the
 * runtime recorded no threads. */
char *rk_explore_threads_line(const char *binary, const rk_xrun *r);

#endif
