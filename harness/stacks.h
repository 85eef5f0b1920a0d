/* stacks.h - what each thread of a hung program is doing, recorded before
 * the harness kills it. */
#ifndef RK_STACKS_H
#define RK_STACKS_H

#include <sys/types.h>

/* rk_collect_stacks - every thread's stack of the running process `pid`:
 * with gdb in batch mode when it is installed ("thread apply all bt"),
 * else each thread's state and kernel wait channel from /proc/<pid>/task.
 * Returns a new string (caller frees); never NULL. */
char *rk_collect_stacks(pid_t pid);

#endif
