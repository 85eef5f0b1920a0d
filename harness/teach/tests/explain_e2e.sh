#!/bin/bash
# explain_e2e.sh <racekit> <scratch-dir> - `racekit explain` end to end on a
# fixture: the lesson, the fix as a unified diff, and after a check the
# reported accesses as source lines with their thread and read/write.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
fx="$here/fixtures/lint"

explain() { out=$("$RACEKIT" explain "$@" 2>&1); status=$?; }
has() { grep -qF -- "$1" <<<"$out" || fail "explain output lacks '$1':
$out"; }

explain "$fx/good"
expect_status 0
has "== lint/good: A lint fixture that passes every check =="
has "## What goes wrong"
has "== The fix: unsafe.c -> safe.c (+6 -4 lines) =="
has "-    counter++; // RACE"
has "+    pthread_mutex_lock(&lock);"
has "unsafe: no result yet (not checked); run: $RACEKIT check lint/good unsafe"

run_check --cases-root "$here/fixtures" "$fx/good" unsafe
expect_status 0
run_check --cases-root "$here/fixtures" "$fx/good" safe
expect_status 0
explain "$fx/good"
expect_status 0
has "unsafe: PASS - data-race reported as expected (unsafe.c:14 vs unsafe.c:14)"
has "  data-race:"
grep -qE '^    thread T[12] write +unsafe\.c:14 +counter\+\+; // RACE$' <<<"$out" \
  || fail "no access shown as its source line: $out"
has "safe: PASS - clean"

explain "$SCRATCH/nowhere"
expect_status 2
explain
expect_status 2
finish
