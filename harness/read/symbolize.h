/* symbolize.h - turn a module and an offset into function, file and line,
 * inside the harness (issue 13.2).
 *
 * A TSan run with its own symbolizer starts llvm-symbolizer for every
 * report, which costs about a hundred milliseconds a run. The harness runs
 * clang's TSan with symbolize=0 instead: the report then names each frame
 * as "(module+0xoffset)" and the hook writes "m" records (module, offset),
 * and the harness resolves them here with libdw, once per module per run.
 * Built without libdw (RK_HAVE_LIBDW unset), rk_sym_available() is 0 and
 * TSan keeps symbolizing itself. */
#ifndef RK_SYMBOLIZE_H
#define RK_SYMBOLIZE_H

#include <stdint.h>

typedef struct rk_symbolizer rk_symbolizer;

/* One frame: `function` and `file` are "" when unknown, line 0 then. */
typedef struct {
    char *function;
    char *file;
    int line, column;
} rk_sym_frame;

/* rk_sym_available - 1 when this racekit was built with libdw. */
int rk_sym_available(void);

/* rk_sym_new, rk_sym_free - a symbolizer that keeps each module it opened
 * until freed. */
rk_symbolizer *rk_sym_new(void);
void rk_sym_free(rk_symbolizer *s);

/* rk_sym_code - the frames of the code at `offset` in the ELF file
 * `module` (an offset as TSan prints it: from the module's load base),
 * innermost first: an inlined call gives the inlined function, then its
 * caller at the call site. Writes at most `max` frames into `out` (the
 * caller frees them with rk_sym_frames_free) and returns how many: 0 when
 * the module cannot be read or knows nothing of the offset. */
int rk_sym_code(rk_symbolizer *s, const char *module, uint64_t offset, rk_sym_frame *out, int max);
void rk_sym_frames_free(rk_sym_frame *frames, int n);

/* rk_sym_data - the name of the symbol (a global) that holds `offset` in
 * `module`, its size and how far into it `offset` is: a new string, or
 * NULL when there is none. */
char *rk_sym_data(rk_symbolizer *s, const char *module, uint64_t offset, uint64_t *size, uint64_t *into);

/* rk_sym_data_path - the place of `offset` in `module` as C writes it,
 * from the debug information: "forks[1]", "pool.nonempty",
 * "accounts[1].lock" (arrays by index, members by name, never inside a
 * library's type such as pthread_mutex_t); "name+N" when the debug
 * information does not say, "name" at its start. A new string, or NULL
 * when no global holds `offset`. */
char *rk_sym_data_path(rk_symbolizer *s, const char *module, uint64_t offset);

/* rk_sym_data_named - rk_sym_data_path's name for byte `into` of the
 * global `symbol` of `module`, as gdb's "info symbol" names it
 * ("accounts+56" -> symbol "accounts", into 56): "accounts[1].lock". NULL
 * when the module, its symbol or its debug information says nothing. */
char *rk_sym_data_named(rk_symbolizer *s, const char *module, const char *symbol, uint64_t into);

/* rk_sym_module_named - the path of a module this symbolizer has opened
 * whose base name is `base`, or NULL. */
const char *rk_sym_module_named(rk_symbolizer *s, const char *base);

#endif
