/* records_channel.h - the channel on which a variant hands its records (the
 * TSan hook's report blocks, RACEKIT_CHECK's failed checks) to the harness,
 * made so that the program under test cannot forge, hide or remove a record
 * without the harness noticing.
 *
 * The channel is a socket pair (AF_UNIX, SOCK_SEQPACKET): the harness keeps
 * one end and reads it while the program runs (rk_channel_take, from
 * rk_spawn's loop), the child gets the other at descriptor RK_CHANNEL_FD,
 * open across exec, with a key of 32 random hex digits (RACEKIT_REPORT_KEY).
 * What was sent is in the harness's hands at once: a socket has no length to
 * truncate, no offset to seek back to, no file to open again or to limit in
 * size, and what one end sends only the other end can receive. Each send is
 * one message, never mixed with another process's; the harness ends each
 * message with a newline, so no message can complete a line of another.
 *
 * The hook (hook/tsan_hook.c) takes the key out of the environment before
 * main runs, so the program never sees it, and ends every line it writes
 * with a tab and the key:
 *
 *   hello <pid> KEY                 the hook started (constructor)
 *   options <TSAN_OPTIONS> <default options> <default suppressions> KEY
 *                                   what the runtime was told, as the hook saw it
 *   no-tsan KEY                     linked without the TSan runtime
 *   report <kind> <pid> <seq> KEY   a report block (seq 1, 2, ... per process)
 *   ... KEY                         the block's lines (hook_records.h)
 *   end KEY
 *   invariant <file> <line> <msg> KEY   a failed RACEKIT_CHECK
 *   bye <pid> <reports> KEY         the runtime finished (__tsan_on_finalize)
 *
 * and one line without the key, "exec <pid>", from the hook of a program
 * image that found the channel open but no key: a process that executed a
 * program again (the key went with the image that had it).
 *
 * Without the hook (Valgrind detectors) only invariant lines come, written
 * by racekit.h with the key it reads from the environment. */
#ifndef RK_RECORDS_CHANNEL_H
#define RK_RECORDS_CHANNEL_H

#include "util/util.h"

#include <stddef.h>

enum {
    RK_CHANNEL_KEY_LEN = 32,
    /* The child's end, at this number in every judged run (the hook and the
     * system-call filter know it). Below the 1024 descriptors a process may
     * open by default, above those programs open. */
    RK_CHANNEL_FD = 1000,
    /* The exit status of a process whose hook could not write a record
     * (hook/tsan_hook.c): a run that ends with it is tool-error. */
    RK_CHANNEL_FAILED_STATUS = 87,
};

typedef struct {
    int read_fd;   /* the harness's end, non-blocking; -1 once closed */
    int child_fd;  /* the child's end (pass it with rk_spawn_opts.pass_fd); -1 once closed */
    char key[RK_CHANNEL_KEY_LEN + 1];
    rk_strbuf raw; /* what was taken so far (rk_channel_take) */
    size_t dropped; /* bytes past the cap, not kept */
} rk_channel;

/* rk_channel_open - create the socket pair and a fresh random key. Both
 * descriptors are close-on-exec in the harness. Returns 0, or -1 with errno
 * set (then nothing is left open). */
int rk_channel_open(rk_channel *c);

/* rk_channel_take - receive every message waiting on the harness's end
 * (without blocking) into c->raw, each ended by a newline, keeping at most
 * 4 MiB (the rest counted in c->dropped). Call it whenever read_fd is
 * readable while the program runs, and once after its last process ended. */
void rk_channel_take(rk_channel *c);

/* rk_channel_close - close both descriptors and free what was taken. */
void rk_channel_close(rk_channel *c);

typedef struct {
    rk_strbuf records; /* the lines with their key removed, each ended by \n */
    int hello;         /* 1 when the hook started */
    int bye;           /* 1 when the runtime finished in the first process */
    char *options;     /* owned: the first process's options line after "options\t", or NULL */
    char *forged;      /* owned: why the channel's content cannot be trusted, or NULL */
} rk_channel_view;

#define RK_CHANNEL_VIEW_INIT { RK_STRBUF_INIT, 0, 0, NULL, NULL }

/* rk_channel_verify - check `len` bytes read from the channel against
 * `key`: every line must end with the key, no line may be empty, each
 * process's report blocks must be numbered 1, 2, ... without a gap, the
 * first process's bye must count the blocks it wrote, a process says hello
 * once and writes nothing after its bye, and the first process never
 * started a second program image (its hook's "exec" line; the same line
 * from another process is let through). A last line without its newline is
 * dropped (a run killed while writing), not taken as forged. Fills *v (the
 * caller frees it with rk_channel_view_free); never fails. Whether a
 * missing bye matters depends on how the program ended: the caller
 * decides. */
void rk_channel_verify(const char *raw, size_t len, const char *key, rk_channel_view *v);

/* rk_channel_view_free - release *v and reset it. */
void rk_channel_view_free(rk_channel_view *v);

#endif
