/* spawn_child.h - the child's side of rk_spawn (spawn.c): what runs
 * between fork and exec. Internal to spawn.c. */
#ifndef RK_SPAWN_CHILD_H
#define RK_SPAWN_CHILD_H

#include "spawn.h"

#include <signal.h>

/* Why a child could not start: which step, and its errno; written to the
 * error pipe by rk_spawn_child. */
struct exec_error {
    int sandbox; /* 1: entering the sandbox failed, 2: installing the filter, 0: exec failed */
    int err;
};

/* rk_spawn_child - in the forked child: become a group leader, reset the
 * signals the harness guards, wire stdin to /dev/null and stdout/stderr to
 * `out`/`err`, keep no inherited descriptor but o->pass_fd, set the
 * limits, enter o->sandbox, install the system-call filter when asked
 * (sending its listener over `filter_sock`) and exec o->argv. Never
 * returns: on failure the reason goes to `errpipe` (close-on-exec: EOF
 * there means exec worked) and the child exits 127. */
void rk_spawn_child(const rk_spawn_opts *o, int out, int err, int errpipe, int filter_sock, const sigset_t *mask)
    __attribute__((noreturn));

#endif
