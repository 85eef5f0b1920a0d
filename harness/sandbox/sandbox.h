/* sandbox/sandbox.h - the door of harness/sandbox/: what the other stages
 * include. It takes a program and its arguments and gives how it
 * ended (exit, signal, timeout, output cut) while running it untrusted: its
 * own process group, task and memory bounds, read-only state folders; and
 * the harness's own tools (gdb, addr2line, ...) by a path no graded
 * program could have replaced. */
#ifndef RK_SANDBOX_H
#define RK_SANDBOX_H

#include "bounds.h"
#include "spawn.h"
#include "tool.h"

#endif
