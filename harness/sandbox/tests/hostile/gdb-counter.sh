#!/bin/sh
# gdb-counter.sh - stands in for gdb (RACEKIT_GDB) and counts its calls, one
# line each in $RACEKIT_GDB_CALLS: the suite checks that a check records the
# stacks of a hang once, not once per hanging run.
echo call >>"$RACEKIT_GDB_CALLS"
command -v gdb >/dev/null || exit 1
exec gdb "$@"
