#!/bin/bash
# check_e2e.sh <racekit> <scratch-dir> - `racekit check` end to end on fixture
# cases: a safe variant whose lock was removed fails with a data race, a
# syntax error fails only its own variant, results hold every required field.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
fx="$here/fixtures/check"
res="$SCRATCH/results/tsan/check"

run_check --cases-root "$here/fixtures" "$fx/no-lock" safe
expect_status 1
case "$out" in "FAIL check/no-lock/safe: ThreadSanitizer reported data-race (safe.c:18 vs safe.c:18)"*) ;;
  *) fail "verdict line: $out" ;; esac
expect_field "$res/no-lock/safe.json" "d['outcome']" reported
expect_field "$res/no-lock/safe.json" "d['kinds']" "['data-race']"
expect_field "$res/no-lock/safe.json" "d['verdict']" fail
expect_field "$res/no-lock/safe.json" "d['line_match']" False

run_check --cases-root "$here/fixtures" "$fx/no-lock" unsafe --runs 3
expect_status 0
expect_field "$res/no-lock/unsafe.json" "d['verdict']" pass
expect_field "$res/no-lock/unsafe.json" "(d['runs'], d['runs_passed'], d['runs_detected'])" "(3, 3, 3)"
expect_field "$res/no-lock/unsafe.json" "d['line_match']" True
expect_field "$res/no-lock/unsafe.json" "d['race_lines']" "[18]"
expect_field "$res/no-lock/unsafe.json" "[(a['line'], a['write']) for a in d['reports'][0]['accesses']]" "[(18, True), (18, True)]"

run_check --cases-root "$here/fixtures" "$fx/syntax-error" unsafe
expect_status 1
expect_field "$res/syntax-error/unsafe.json" "d['outcome']" build-error
expect_field "$res/syntax-error/unsafe.json" "'expected' in d['build']['log']" True
case "$out" in *"--- compiler ---"*"error"*) ;; *) fail "no compiler excerpt: $out" ;; esac
run_check --cases-root "$here/fixtures" "$fx/syntax-error" safe
expect_status 0

# Every required field of DESIGN's result file, in every result written.
for f in "$res"/*/*.json; do
  expect_field "$f" "sorted(k for k in ['case','variant','detector','compiler','expect','outcome','kinds','verdict','reason','runs','runs_detected','duration_s','reports','line_match'] if k not in d)" "[]"
done

# Bad usage and bad input: one line, exit 2, no result.
run_check --cases-root "$here/fixtures" "$fx/no-lock" fixed
expect_status 2
[ "$err" = "racekit: check: variant must be 'unsafe' or 'safe', not 'fixed' (see $RACEKIT check --help)" ] ||
  fail "bad variant message: $err"
run_check "$SCRATCH/nowhere/at-all" unsafe
expect_status 2
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "missing case: not one line: $err"
run_check --runs 0 "$fx/no-lock" unsafe
expect_status 2
finish
