#!/bin/bash
# two_judges_e2e.sh <racekit> <scratch-dir> - one verdict from two judges
# (issue 18.1, docs/outcomes.md "Two judges"): for a case whose bug shows
# only under some schedules, `racekit check` judges by its run and by
# racekit's scheduler, seeded by the case id: an unsafe variant passes when
# either shows the bug, with the replay of the scheduler's schedule; a
# safe variant passes only when both find nothing; the same tree gives the
# same schedule on every run; a pass the scheduler cannot confirm is not
# kept by the test cache; --no-scheduler leaves the run alone.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
fx="$here/fixtures"
res="$SCRATCH/results/tsan/two-judges"

# Written without a barrier: the scheduler finds what one run seldom shows.
run_check --cases-root "$fx" "$fx/two-judges/withdraw" unsafe
expect_status 0
first=$out
grep -q "^  replay: $RACEKIT replay two-judges/withdraw unsafe --schedule [0-9]" <<<"$out" ||
  fail "no replay line for the scheduler's schedule: $out"
grep -q "racekit's scheduler (seed [0-9]*, 1000 schedules): schedule [0-9]*: the invariant broke" <<<"$out" ||
  fail "the verdict does not say what the scheduler found: $out"
expect_field "$res/withdraw/unsafe.json" "d['scheduler']['verdict']" pass
expect_field "$res/withdraw/unsafe.json" "d['scheduler']['outcome']" invariant
expect_field "$res/withdraw/unsafe.json" "d['judged_by'] in ('scheduler', 'check and scheduler')" True
expect_field "$res/withdraw/unsafe.json" "d['verdict']" pass
# The seed comes from the case id: the same schedule on the next run.
run_check --cases-root "$fx" "$fx/two-judges/withdraw" unsafe
expect_status 0
[ "$(grep '^  replay:' <<<"$out")" = "$(grep '^  replay:' <<<"$first")" ] ||
  fail "the scheduler's schedule changed between two runs: $first // $out"

run_check --cases-root "$fx" "$fx/two-judges/withdraw" safe
expect_status 0
grep -q "racekit's scheduler (seed [0-9]*, 100 schedules): no failing schedule in 100" <<<"$out" ||
  fail "a safe pass does not say the scheduler searched: $out"
expect_field "$res/withdraw/safe.json" "d['judged_by']" "check and scheduler"
expect_field "$res/withdraw/safe.json" "(d['scheduler']['tried'], d['scheduler']['found_at'])" "(100, None)"

# A repair that changed nothing fails, whatever its one run showed.
run_check --cases-root "$fx" "$fx/two-judges/wrong-fix" safe
expect_status 1
grep -q "racekit's scheduler (seed [0-9]*, 100 schedules): schedule [0-9]* of the safe variant failed: the invariant broke" <<<"$out" ||
  fail "a wrong repair is not failed by the scheduler: $out"
grep -q "^  replay: $RACEKIT replay two-judges/wrong-fix safe --schedule " <<<"$out" || fail "no replay for the wrong repair: $out"
expect_field "$res/wrong-fix/safe.json" "d['verdict']" fail

# Shown by the run only: it passes, but says so and is not kept.
out=$("$RACEKIT" cached --input "$fx/two-judges/lucky" -- "$RACEKIT" check --cases-root "$fx" "$fx/two-judges/lucky" unsafe 2>&1); status=$?
expect_status 0
grep -q "this pass rests on one run's schedule" <<<"$out" || fail "a pass by one run is not called so: $out"
grep -q "^racekit cached: not kept, it may not pass again: " <<<"$out" || fail "a pass by one run was kept: $out"
out=$("$RACEKIT" cached --input "$fx/two-judges/lucky" -- "$RACEKIT" check --cases-root "$fx" "$fx/two-judges/lucky" unsafe 2>&1)
grep -q "PASS (cached)" <<<"$out" && fail "a pass by one run came from the cache: $out"

# --no-scheduler: the run alone, as before.
run_check --no-scheduler --cases-root "$fx" "$fx/two-judges/withdraw" safe
expect_status 0
expect_field "$res/withdraw/safe.json" "(d['judged_by'], d['scheduler'])" "('check', None)"
finish
