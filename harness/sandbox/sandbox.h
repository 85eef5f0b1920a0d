/* sandbox/sandbox.h - the door of harness/sandbox/: what the other stages
 * include. It takes a program and its arguments and gives how it
 * ended (exit, signal, timeout, output cut) while running it untrusted: its
 * own process group, task and memory bounds, read-only state folders. */
#ifndef RK_SANDBOX_H
#define RK_SANDBOX_H

#include "bounds.h"
#include "spawn.h"

#endif
