/* run/run.h - the door of harness/run/: what the other stages
 * include. It takes a built variant and gives what a run needs beyond
 * the sandbox: the records channel, the thread stacks of a hang, the work
 * probe's counts and the uninstrumented witness runs. The hook linked into
 * every TSan variant is in run/hook/. */
#ifndef RK_RUN_H
#define RK_RUN_H

#include "records_channel.h"
#include "stacks.h"
#include "witness.h"
#include "work_probe.h"

#endif
