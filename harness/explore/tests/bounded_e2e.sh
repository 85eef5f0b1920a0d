#!/bin/bash
# bounded_e2e.sh <racekit> <scratch-dir> - the bounded systematic search
# (issue 18.3, docs/exploration.md "The bounded search"): a program whose
# only failing schedules need exactly two preemptions is found at bound 2
# and not at bound 1, where the search says it tried every schedule; its
# fix passes with the bound it exhausted; the same search twice gives the
# same schedule, which replays; a thread that spins on a flag gives way;
# bad bounds are refused.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
fx="$here/fixtures"
case="$fx/bounded/two-preemptions"
res="$SCRATCH/results/explore/bounded/two-preemptions"

# run ARGS... - racekit with ARGS; keeps status and output.
run() { out=$("$RACEKIT" "$@" 2>&1); status=$?; }

run explore --cases-root "$fx" --strategy bounded --bound 1 --schedules 100000 --quiet "$case" unsafe
expect_status 1
grep -q "^FAIL bounded/two-preemptions/unsafe: explore: no failing schedule with <= 1 preemptions: all [0-9]* schedules tried$" <<<"$out" ||
  fail "bound 1 does not say it tried every schedule: $out"
expect_field "$res/unsafe.json" "d['found']" False

run explore --cases-root "$fx" --strategy bounded --bound 2 --schedules 100000 --quiet "$case" unsafe
expect_status 0
first=$out
grep -q "explore: schedule [0-9]*: the invariant broke (unsafe.c:32: assert(!(seen\[0\] == 1 && seen\[1\] == 2)) failed in main)" <<<"$out" ||
  fail "bound 2 does not find the bug: $out"
grep -qE "\(seed 1, bounded, at most [0-9] preemptions\)" <<<"$out" || fail "the finding does not name the bounded search: $out"
expect_field "$res/unsafe.json" "d['strategy']" bounded
schedule=$(sed -n "s|^  replay: $RACEKIT replay [^ ]* unsafe --schedule ||p" <<<"$out")
[ -n "$schedule" ] || fail "no schedule to replay: $out"
run explore --cases-root "$fx" --strategy bounded --bound 2 --schedules 100000 --quiet "$case" unsafe
[ "$out" = "$first" ] || fail "the same search found another schedule: $first // $out"
run replay --cases-root "$fx" "$case" unsafe --schedule "$schedule"
expect_status 0
grep -q "the invariant broke" <<<"$out" || fail "the bounded search's schedule does not replay: $out"

# The fix: every schedule within the bound, and the verdict says which.
run explore --cases-root "$fx" --strategy bounded --bound 2 --schedules 100000 --quiet "$case" safe
expect_status 0
grep -q "^PASS bounded/two-preemptions/safe: explore: no failing schedule with <= 2 preemptions: all [0-9]* schedules tried$" <<<"$out" ||
  fail "the fix does not show the bound it exhausted: $out"
expect_field "$res/safe.json" "(d['bound_completed'], d['bound_schedules'] > 0)" "(2, True)"
# A budget too small to finish the bound says so.
run explore --cases-root "$fx" --strategy bounded --bound 2 --schedules 3 --quiet "$case" safe
expect_status 0
grep -q "no failing schedule in 3, and the bounded search did not finish 0 preemptions" <<<"$out" ||
  fail "an unfinished bound is not named: $out"

# mix runs the search after its first schedules, within a quarter of the budget.
run explore --cases-root "$fx" --schedules 1000 --quiet "$case" safe
expect_status 0
grep -q "no failing schedule in 1000, among them every schedule with <= 2 preemptions" <<<"$out" ||
  fail "mix does not say how far its bounded search got: $out"

# A thread that spins on a flag gives way: the search does not spin it to
# the step limit (a false livelock) and finishes its bound on the fix.
run explore --cases-root "$fx" --strategy bounded --bound 0 --schedules 1000 --quiet bounded/spin-wait safe
expect_status 0
grep -q "^PASS bounded/spin-wait/safe: explore: no failing schedule with <= 0 preemptions: all [0-9]* schedules tried$" <<<"$out" ||
  fail "a spinning reader is not left for the writer: $out"
run explore --cases-root "$fx" --strategy bounded --bound 1 --schedules 1000 --quiet bounded/spin-wait unsafe
expect_status 0
grep -q "the invariant broke (unsafe.c:23: assert(data == 42) failed in reader)" <<<"$out" ||
  fail "the flag raised before the data is not found with one preemption: $out"

run explore --cases-root "$fx" --strategy bounded --bound 9 "$case" safe
expect_status 2
grep -q -- "--bound: expected a whole number from 0 to 8, got '9'" <<<"$out" || fail "a bad bound is not refused: $out"
finish
