/* stacks_gdb.h - what gdb shows of a hung program (stacks.c): every
 * thread's stack and the names of the mutexes waited for, read into what a
 * summary needs (stacks_explain.c). Internal to stacks*.c. */
#ifndef RK_STACKS_GDB_H
#define RK_STACKS_GDB_H

#include "stacks.h"

#include <stddef.h>
#include <sys/types.h>

enum { MAX_THREADS = 256 }; /* threads recorded of one program */

/* One thread of gdb's output, reduced to what a summary needs. */
struct gthread {
    pid_t tid;
    int runtime;     /* the detector's own thread (TSan's background thread) */
    int in_lock;     /* a frame is pthread_mutex_lock */
    char where[160]; /* "unsafe.c:21": its innermost frame in the variant */
    char function[96];
    char callee[96]; /* the frame it called from there, e.g. pthread_join */
};

/* All of gdb's output: its threads, and the symbol of each futex address
 * it was asked about ("accounts+56"). */
struct gdb_info {
    struct gthread threads[MAX_THREADS];
    int n;
    unsigned long sym_addr[MAX_THREADS];
    char sym_name[MAX_THREADS][80];
    int n_sym;
};

/* rk_stacks_with_gdb - run `gdb` (its path) in batch mode attached to the
 * running process `pid`: "thread apply all bt", then, for each of the `n`
 * threads in `t` that waits for a held mutex, "@@symbol <addr>" and its
 * "info symbol". Returns gdb's output (caller frees), or NULL when gdb
 * could not run or showed no thread within its timeout (10 s). */
char *rk_stacks_with_gdb(const char *gdb, pid_t pid, const rk_thread_wait *t, int n);

/* rk_stacks_parse_gdb - read gdb's output `text` (as rk_stacks_with_gdb
 * gives it) into *gi, zeroed first: each thread's innermost frame in the
 * source file `variant` ("unsafe.c"), whether it is in a mutex lock or the
 * detector's own, and the symbols asked about. At most MAX_THREADS of
 * each; the rest is left out. */
void rk_stacks_parse_gdb(const char *text, const char *variant, struct gdb_info *gi);

#endif
