/* records_channel.h - the channel on which a variant hands its records (the
 * TSan hook's report blocks, RACEKIT_CHECK's failed checks) to the harness,
 * made so that the program under test cannot forge, hide or remove a record
 * without the harness noticing.
 *
 * The channel is an unnamed file (O_TMPFILE, mode 0200) that the harness
 * reads through its own descriptor. The child gets a second, write-only and
 * append-only descriptor to it (RACEKIT_REPORT_FD) and a key of 32 random
 * hex digits (RACEKIT_REPORT_KEY). The hook (hook/tsan_hook.c) takes both
 * out of the environment before main runs, so the program never sees the
 * key, and ends every line it writes with a tab and the key:
 *
 *   hello <pid> KEY                 the hook started (constructor)
 *   no-tsan KEY                     linked without the TSan runtime
 *   report <kind> <pid> <seq> KEY   a report block (seq 1, 2, ... per process)
 *   ... KEY                         the block's lines (hook_records.h)
 *   end KEY
 *   invariant <file> <line> <msg> KEY   a failed RACEKIT_CHECK
 *   bye <pid> <reports> KEY         the runtime finished (__tsan_on_finalize)
 *
 * Without the hook (Valgrind detectors) only invariant lines come, written
 * by racekit.h with the key it reads from the environment. */
#ifndef RK_RECORDS_CHANNEL_H
#define RK_RECORDS_CHANNEL_H

#include "util/util.h"

#include <stddef.h>

enum { RK_CHANNEL_KEY_LEN = 32 };

typedef struct {
    int read_fd;   /* the harness's descriptor, read and write */
    int child_fd;  /* the child's: write-only, append-only; -1 once closed */
    char key[RK_CHANNEL_KEY_LEN + 1];
} rk_channel;

/* rk_channel_open - create the channel's file in `dir` (or /tmp when `dir`
 * refuses it) and a fresh random key. Both descriptors are close-on-exec:
 * pass child_fd with rk_spawn_opts.pass_fd. Returns 0, or -1 with errno set
 * (then nothing is left open). */
int rk_channel_open(rk_channel *c, const char *dir);

/* rk_channel_read - append at most `cap` bytes of what was written to the
 * channel to `out`. Returns 0, or -1 with errno set. */
int rk_channel_read(const rk_channel *c, rk_strbuf *out, size_t cap);

/* rk_channel_close - close both descriptors. */
void rk_channel_close(rk_channel *c);

typedef struct {
    rk_strbuf records; /* the lines with their key removed, each ended by \n */
    int hello;         /* 1 when the hook started */
    int bye;           /* 1 when the runtime finished in the first process */
    char *forged;      /* owned: why the channel's content cannot be trusted, or NULL */
} rk_channel_view;

#define RK_CHANNEL_VIEW_INIT { RK_STRBUF_INIT, 0, 0, NULL }

/* rk_channel_verify - check `len` bytes read from the channel against
 * `key`: every line must end with the key, no line may be empty, each
 * process's report blocks must be numbered 1, 2, ... without a gap, and
 * the first process's bye must count the blocks it wrote. A last line
 * without its newline is dropped (a run killed while writing), not taken
 * as forged. Fills *v (the caller frees it with rk_channel_view_free);
 * never fails. Whether a missing bye matters depends on how the program
 * ended: the caller decides. */
void rk_channel_verify(const char *raw, size_t len, const char *key, rk_channel_view *v);

/* rk_channel_view_free - release *v and reset it. */
void rk_channel_view_free(rk_channel_view *v);

#endif
