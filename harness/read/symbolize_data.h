/* symbolize_data.h - inside harness/read/: the debug information's name for
 * a place inside a global (symbolize_data.c), for symbolize.c's
 * rk_sym_data_path. Not part of the door. */
#ifndef RK_SYMBOLIZE_DATA_H
#define RK_SYMBOLIZE_DATA_H

#ifdef RK_HAVE_LIBDW
#include <elfutils/libdwfl.h>
#include <stdint.h>

/* rk_dwarf_data_path - byte `into` of the global variable `name` that
 * starts at `addr` (an address of `mod`'s Dwfl) as C writes it:
 * "forks[1]", "pool.nonempty", "accounts[1].lock"; arrays by index and
 * members by name as deep as the types go, never inside a library's type
 * (pthread_mutex_t stays whole), with "+N" for what is left. NULL when the
 * debug information has no such variable. Caller frees. */
char *rk_dwarf_data_path(Dwfl_Module *mod, const char *name, Dwarf_Addr addr, uint64_t into);
#endif

#endif
