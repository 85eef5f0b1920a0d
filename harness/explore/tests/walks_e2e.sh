#!/bin/bash
# walks_e2e.sh <racekit> <scratch-dir> - the release walk (docs/exploration.md,
# "Strategies"): a thread goes on through its creates and accesses and hands
# over only where it blocks, ends, yields or has just released a lock, so a
# reader created twentieth among forty threads meets a writer half-way
# through its two-stage update within a few dozen schedules on every seed
# (the synchronisation walk, which switches at every create, does not
# within 400); the schedule it finds replays; the fix has no failing
# schedule; mix, whose bounded search cannot take forty threads, does not
# give up on the program but lets the walks judge it.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
fx="$here/fixtures"
case=walks/half-done
res="$SCRATCH/results/explore/$case"

# run ARGS... - racekit with ARGS; keeps status and output.
run() { out=$("$RACEKIT" "$@" 2>&1); status=$?; }

for seed in 1 2 3; do
  run explore --cases-root "$fx" --strategy release --seed "$seed" --schedules 400 --quiet "$case" unsafe
  expect_status 0
  grep -q "explore: schedule [0-9]*: the invariant broke (unsafe.c:30: assert(seen1 == 0 || seen2 == 2) failed in reader)" <<<"$out" ||
    fail "seed $seed: the release walk does not find the half-done update: $out"
  expect_field "$res/unsafe.json" "d['strategy']" release
done
first=$out
schedule=$(sed -n "s|^  replay: .*replay [^ ]* unsafe --schedule ||p" <<<"$out")
[ -n "$schedule" ] || fail "no schedule to replay: $out"
run explore --cases-root "$fx" --strategy release --seed 3 --schedules 400 --quiet "$case" unsafe
[ "$out" = "$first" ] || fail "the same walk found another schedule: $first // $out"
run replay --cases-root "$fx" "$case" unsafe --schedule "$schedule"
expect_status 0
grep -q "the invariant broke" <<<"$out" || fail "the release walk's schedule does not replay: $out"

run explore --cases-root "$fx" --strategy release --schedules 100 --quiet "$case" safe
expect_status 0
grep -q "^PASS $case/safe: explore: no failing schedule in 100$" <<<"$out" || fail "the fix fails under the release walk: $out"

# mix: forty threads are too many for the bounded search; the walks go on.
run explore --cases-root "$fx" --schedules 1000 --quiet "$case" unsafe
expect_status 0
grep -q "the invariant broke" <<<"$out" || fail "mix does not find the half-done update: $out"
grep -q "at most 16 threads" <<<"$out" && fail "mix gave up on a program the bounded search cannot take: $out"
finish
