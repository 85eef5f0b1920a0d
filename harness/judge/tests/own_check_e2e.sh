#!/bin/bash
# own_check_e2e.sh <racekit> <scratch-dir> - the program's own check as
# students write it (issue 18.2): a plain assert() that fails is outcome
# invariant under `racekit check` and under the scheduler, its reason the
# assertion and its line; a RACEKIT_CHECK that fails in a worker thread
# gives no thread-leak finding beside it; a run that did not show such a
# bug says that the scheduler judges it.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
fx="$here/fixtures/own-check"
res="$SCRATCH/results"
want="unsafe.c:11: assert(slots[i] == 2 * (i + 1)) failed in fill"

run_check --cases-root "$here/fixtures" "$fx/plain-assert" unsafe
expect_status 0
[[ $out == "PASS own-check/plain-assert/unsafe: the program's own check failed as expected ($want)"* ]] ||
  fail "a failed assert() is not the program's own check: $out"
expect_field "$res/tsan/own-check/plain-assert/unsafe.json" "d['outcome']" invariant
run_check --cases-root "$here/fixtures" "$fx/plain-assert" safe
expect_status 0

out=$("$RACEKIT" explore --cases-root "$here/fixtures" --schedules 5 "$fx/plain-assert" unsafe 2>&1); status=$?
expect_status 0
[[ $out == *"the invariant broke ($want)"* ]] || fail "explore does not name the assertion: $out"
expect_field "$res/explore/own-check/plain-assert/unsafe.json" "d['outcome']" invariant

run_check --cases-root "$here/fixtures" "$fx/worker-check" unsafe
expect_status 0
[[ $out == *"own check failed as expected (unsafe.c:17: arithmetic broke)"* ]] || fail "worker check: $out"
[[ $out == *thread-leak* ]] && fail "a check failing in a worker is also called a thread leak: $out"
expect_field "$res/tsan/own-check/worker-check/unsafe.json" "d['kinds']" "[]"

# An unsafe variant in which neither its run nor the scheduler shows its
# schedule-dependent bug (here the fixed program stands in for it): the
# failure says what both judges found; with the scheduler left out, it
# says who judges such a bug.
mkdir -p "$SCRATCH/cases/own-check/hidden" && cp "$fx/plain-assert/README.md" "$SCRATCH/cases/own-check/hidden/" &&
  cp "$fx/plain-assert/safe.c" "$SCRATCH/cases/own-check/hidden/unsafe.c" &&
  cp "$fx/plain-assert/safe.c" "$SCRATCH/cases/own-check/hidden/"
run_check --cases-root "$SCRATCH/cases" "$SCRATCH/cases/own-check/hidden" unsafe
expect_status 1
[[ $out == *"but it passed; racekit's scheduler (seed "*", 1000 schedules): no failing schedule in 1000"* ]] ||
  fail "a miss by both judges does not say what the scheduler did: $out"
run_check --no-scheduler --cases-root "$SCRATCH/cases" "$SCRATCH/cases/own-check/hidden" unsafe
expect_status 1
[[ $out == *"this bug shows only under some schedules and no run here showed it: racekit's scheduler judges it ($RACEKIT explore own-check/hidden unsafe;"* ]] ||
  fail "a schedule-dependent miss does not name the scheduler: $out"
finish
