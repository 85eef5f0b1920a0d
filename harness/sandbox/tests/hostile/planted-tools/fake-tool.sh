#!/bin/sh
# fake-tool.sh - a tool a graded program planted first on PATH (gdb,
# addr2line, nm, llvm-symbolizer, valgrind are links to this script): run
# by the harness, it would act with the harness's rights, outside the
# sandbox. It leaves its name in $RACEKIT_PLANTED_MARKER, which the suite
# checks was never written, and fails like a broken tool.
echo "$(basename "$0") $*" >>"${RACEKIT_PLANTED_MARKER:-/dev/null}"
exit 1
