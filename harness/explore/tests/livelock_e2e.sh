#!/bin/bash
# livelock_e2e.sh <racekit> <scratch-dir> - threads that wait by trying
# (docs/exploration.md, "Starvation, and threads that wait by looping"): a
# thread whose trylocks keep failing gives way, so a correct program that
# waits for a lock with trylock in a loop ends in every schedule of mix,
# PCT and the bounded search (before, the holder was never run again and
# the schedule ran to the step limit: a false livelock); two threads that
# lock one lock, try the other and back off, in opposite orders, are a
# livelock in a schedule that gives both their turns, found by PCT, the
# bounded search and mix, with the threads named, and the schedule
# replays; a try that can never succeed (its lock held by a thread that
# waits for the trier) is a livelock of one thread; the fixes pass.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
fx="$here/fixtures"
res="$SCRATCH/results/explore/livelock"

# run ARGS... - racekit with ARGS; keeps status and output.
run() { out=$("$RACEKIT" "$@" 2>&1); status=$?; }

# The correct trylock loop: no strategy calls it a livelock.
run explore --cases-root "$fx" --strategy bounded --bound 2 --schedules 5000 --quiet livelock/trylock-spin safe
expect_status 0
grep -q "^PASS livelock/trylock-spin/safe: explore: no failing schedule with <= 2 preemptions: all [0-9]* schedules tried$" <<<"$out" ||
  fail "the bounded search does not finish bound 2 on a correct trylock loop: $out"
for strategy in pct mix; do
  run explore --cases-root "$fx" --strategy "$strategy" --schedules 300 --quiet livelock/trylock-spin safe
  expect_status 0
  grep -q "^PASS livelock/trylock-spin/safe: explore: no failing schedule in 300" <<<"$out" ||
    fail "$strategy judges a correct trylock loop: $out"
done

# A try that can never succeed: one thread's livelock, every other blocked.
run explore --cases-root "$fx" --quiet livelock/trylock-spin unsafe
expect_status 0
grep -q "explore: schedule 1: the program hung (livelock: thread 1 failed 1000 tries in a row while every other thread was blocked: what it tries to take is never let go)" <<<"$out" ||
  fail "a trylock that can never succeed is not a livelock: $out"
expect_field "$res/trylock-spin/unsafe.json" "(d['outcome'], d['end'])" "('hang', 'livelock')"

# Back-off in opposite orders: the lockstep schedule, by each strategy.
detail="the program hung (livelock: threads 1 and 2 took turns and each failed 1000 tries in a row, every other thread blocked: each backs off and tries again while another holds what it wants)"
for strategy in pct bounded mix; do
  run explore --cases-root "$fx" --strategy "$strategy" --schedules 1000 --quiet livelock/back-off unsafe
  expect_status 0
  grep -qF "$detail" <<<"$out" || fail "$strategy does not find the back-off livelock: $out"
done
first=$out
run explore --cases-root "$fx" --schedules 1000 --quiet livelock/back-off unsafe
[ "$out" = "$first" ] || fail "the same search found another schedule: $first // $out"
schedule=$(sed -n "s|^  replay: .*replay [^ ]* unsafe --schedule ||p" <<<"$out")
[ -n "$schedule" ] || fail "no schedule to replay: $out"
run replay --cases-root "$fx" --quiet livelock/back-off unsafe --schedule "$schedule"
expect_status 0
grep -qF "$detail" <<<"$out" || fail "the livelock's schedule does not replay: $out"

# One order: the try never fails.
run explore --cases-root "$fx" --strategy bounded --bound 2 --schedules 5000 --quiet livelock/back-off safe
expect_status 0
grep -q "^PASS livelock/back-off/safe: explore: no failing schedule with <= 2 preemptions: all [0-9]* schedules tried$" <<<"$out" ||
  fail "the ordered back-off fails under the bounded search: $out"
run explore --cases-root "$fx" --schedules 300 --quiet livelock/back-off safe
expect_status 0
grep -q "^PASS livelock/back-off/safe: explore: no failing schedule in 300" <<<"$out" || fail "mix fails the ordered back-off: $out"
finish
