#!/bin/bash
# fork_e2e.sh <racekit> <scratch-dir> - fork under racekit's scheduler, on the
# corpus case fork/held-lock. The scheduler never locks the real mutexes, so
# its runtime locks, in the child, every mutex the model says is held: the
# child of unsafe.c, forked while the worker holds log_lock, hangs as a real
# child does, and main waits in wait4() outside every step (not judged, 77),
# where without that the child would finish and the scheduler would call a
# real deadlock "no failing schedule". safe.c's pthread_atfork child handler
# runs in the child as uncontrolled code (the runtime leaves the schedule
# before it), so the schedules of safe.c finish and none fails.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
cases="$here/../../../cases"

run() { out=$("$RACEKIT" "$@" 2>&1); status=$?; }
has() { grep -qF -- "$1" <<<"$out" || fail "output lacks '$1':
$out"; }

run explore --cases-root "$cases" fork/held-lock unsafe
expect_status 77
has "SKIP fork/held-lock/unsafe: explore: the scheduler cannot run this variant: thread 0 sat in wait4()"

run explore --cases-root "$cases" fork/held-lock safe
expect_status 0
has "PASS fork/held-lock/safe: explore: no failing schedule in 100"
finish
