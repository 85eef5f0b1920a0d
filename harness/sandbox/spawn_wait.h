/* spawn_wait.h - the parent's side of rk_spawn (spawn.c) while the program
 * runs: capturing its output and waiting for it to end, outgrow its memory
 * bound or pass its deadline. Internal to spawn.c. */
#ifndef RK_SPAWN_WAIT_H
#define RK_SPAWN_WAIT_H

#include "spawn.h"
#include "syscall_filter.h"

#include <stddef.h>
#include <sys/types.h>

/* The program's stdout and stderr as the parent reads them: the read ends
 * (-1 once closed), where the first `cap` bytes of each are kept and how
 * many bytes each carried. The buffers and counts belong to the caller. */
struct streams {
    int fds[2];
    rk_strbuf *keep[2];
    size_t *total[2];
    size_t cap;
    int watch_fd;                /* o->watch_fd, or -1 */
    int watching;                /* 0 once its writers hung up: read again only at the end */
    void (*on_watch)(void *ctx); /* and what reads it */
    void *on_watch_ctx;
    rk_filter *filter;           /* the system-call filter's listener to answer (listener -1: none) */
};

/* rk_spawn_watch - drain `s` while the started program `pid` (started at
 * rk_now() == `start`) runs, until it ends, o->timeout_s passes (then
 * r->end = RK_END_TIMEOUT, after o->on_timeout was called with the pid) or
 * it outgrows o->sandbox's memory bound (then r->limit = RK_LIMIT_MEMORY and
 * r->limit_amount its MiB). Does not kill or reap it; the descriptors of
 * `s` still open stay open. Closes what it opened itself. */
void rk_spawn_watch(const rk_spawn_opts *o, pid_t pid, struct streams *s, double start, rk_run *r);

/* rk_spawn_drain_rest - after the program and its descendants are dead,
 * read what is left in the pipes of `s` (bounded: a writer we could not
 * kill must not hang the harness), then close them. */
void rk_spawn_drain_rest(struct streams *s);

/* rk_spawn_reap - wait for the program `pid` (retrying on EINTR) and put
 * its peak memory and, unless r->end already says it timed out or could
 * not start, how it ended (exit status or signal) into *r. */
void rk_spawn_reap(pid_t pid, rk_run *r);

#endif
