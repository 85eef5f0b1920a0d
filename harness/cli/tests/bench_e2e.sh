#!/bin/bash
# bench_e2e.sh <scratch-dir> - ci/bench.sh's two halves without timing
# anything: the floor loop compiles and runs every variant as the harness
# would (hook linked, records written), and bench_report.py turns recorded
# figures into the right ratios, verdicts and growth fit.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
scratch=$1
rm -rf "$scratch" && mkdir -p "$scratch" || exit 1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# ---- the floor on a one-case tree ----------------------------------------------
src="$scratch/src"
mkdir -p "$src/cases/check" "$src/harness/run/hook"
cp -r "$here/../../judge/tests/fixtures/check/no-lock" "$src/cases/check/"
cp -r "$root/include" "$src/"
cp "$root/harness/run/hook/"*.c "$root/harness/run/hook/"*.h "$src/harness/run/hook/"
"$root/ci/bench.sh" --floor "$src" "$scratch/floor" || fail "the floor loop exited $?"
[ "$(wc -w <"$scratch/floor/hook.times" 2>/dev/null)" = 2 ] || fail "the hook object's compile was not timed"
for v in unsafe safe; do
  o="$scratch/floor/check/no-lock/$v"
  [ -x "$o/bin" ] || fail "$v: no binary"
  [ "$(wc -w <"$o/times" 2>/dev/null)" = 3 ] || fail "$v: times are '$(cat "$o/times" 2>/dev/null)'"
  # The hook was linked in and given its descriptor: it recorded the race.
  grep -q '^report	data-race' "$o/records" || fail "$v: the hook recorded no data race"
done

# ---- the report on made-up figures ---------------------------------------------
w="$scratch/work"
mkdir -p "$w/logs" "$w/src-1/cases/basics"
cat >"$w/machine" <<'EOF'
nproc=2
cpu=Test CPU
cases=10
factors=1 2 4
runs_list=1 10
runs_reps=3
probe_case=basics/counter
load_start= 10:00:00 up 1 day,  load average: 0.10, 0.10, 0.10
load_end= 10:30:00 up 1 day,  load average: 0.20, 0.10, 0.10
EOF
# workflow_log FILE CONFIGURE_END BUILD_END END - a stamped workflow log.
workflow_log() {
  printf '%s\n' "100.0 bench-start" "100.1 Executing workflow step 1 of 3: configure preset \"default\"" \
    "$2 Executing workflow step 2 of 3: build preset \"default\"" \
    "$3 Executing workflow step 3 of 3: test preset \"default\"" \
    "$4 Label Time Summary:" "$4 basics    =  12.50 sec*proc (20 tests)" \
    "$4 harness   =  30.00 sec*proc (9 tests)" "$4 tsan      =  12.50 sec*proc (20 tests)" \
    "$4 95% tests passed, 1 tests failed out of 29" "$4 bench-end" >"$1"
}
workflow_log "$w/logs/cold.log" 102.0 105.0 120.0
workflow_log "$w/logs/warm.log" 100.0 100.0 104.0
while read -r fig wall; do
  echo "$fig 1 $wall $wall 0.00 0 $w/logs/${fig%%-*}.log" >>"$w/times"
done <<'EOF'
floor 10.0
cold 80.0
warm 4.0
warm-uncached 30.0
cold-cases 12.0
warm-cases 2.0
warm-cases-edit 2.5
warm-cases-workflow 2.2
test-j1 11.0
test-j2 6.0
cold-cases-x2 22.0
warm-cases-x2 4.0
cold-cases-x4 42.0
warm-cases-x4 8.0
EOF
hf() { # hf FILE NAME TIME NAME TIME... - a hyperfine export with constant times
  local f=$1; shift
  python3 - "$f" "$@" <<'PY'
import json, sys
f, rest = sys.argv[1], sys.argv[2:]
res = [{"command": rest[i], "times": [float(rest[i + 1])] * 10, "user": 0.002, "system": 0.008}
       for i in range(0, len(rest), 2)]
json.dump({"results": res}, open(f, "w"))
PY
}
for b in 1 2 3; do
  hf "$w/overhead-safe.$b.json" check 0.020 check-cgroup 0.031 direct 0.017
  hf "$w/overhead-unsafe.$b.json" check 0.045 check-cgroup 0.050 direct 0.040
done
hf "$w/runs-1.json" "racekit check --runs 1" 0.2
hf "$w/runs-10.json" "racekit check --runs 10" 1.5
python3 "$root/ci/bench_report.py" "$w" "ci/bench.sh" "$scratch/performance.md" >"$scratch/summary.txt" ||
  fail "bench_report.py exited $?"
doc="$scratch/performance.md"
expect_line() { grep -qF -- "$1" "$doc" || fail "the report lacks: $1"; }
expect_line "| the README's test command cold ≤ 60 s | 80.0 s (8.00 × floor) | **missed** by 33 % |"
expect_line "| the same again, nothing changed, ≤ 15 s | 4.0 s | **met** |"
expect_line "| a reporting run ≤ 30 ms | 45.0 ms (a clean one: 20.0 ms) | **missed** by 50 % |"
expect_line "| the \`cases\` workflow cold ≤ 1 × floor | 1.20 × (CPU time 1.20 ×) | **missed** by 20 % |"
expect_line "| harness overhead ≤ 5 ms per run | 3.0 ms | **met** |"
expect_line "| safe | 30 | 20.0 ms | 17.0 ms | 3.0 ms | 31.0 ms |"
expect_line "| test phase \`-j2\` ≥ 1.7 × faster than \`-j1\` | 1.83 × | **met** |"
expect_line "Steps of the cold workflow (medians): configure 2.0 s, build 3.0 s, tests 15.0 s."
expect_line "| \`harness\` | 30.0 s | 30.0 s |"
expect_line "| 4× | 40 | 42.0 s | 42.0 s | 8.0 s | 8.0 s |"
expect_line "| 20 → 40 cases | 1000 ms (1000 ms) | 200 ms (200 ms) |"
expect_line "The growth is linear"
expect_line "| 10 | 1.50 s | 150 ms |"
expect_line "**Why cold is missed.**"
expect_line "**Why the reporting run is missed.**"
expect_line "- The reporting check takes 45.0 ms against 20.0 ms for the clean one; the reporting binary alone takes 40.0 ms"
expect_line "**Why the cases workflow is missed.**"
grep -qF "**Why warm is missed.**" "$doc" && fail "a met target is explained as missed"

# An added case that costs twice as much at 4x is not linear growth.
sed -i 's/^cold-cases-x4 1 42.0 42.0/cold-cases-x4 1 62.0 62.0/' "$w/times"
python3 "$root/ci/bench_report.py" "$w" "ci/bench.sh" "$doc" >/dev/null || fail "bench_report.py exited $?"
expect_line "| 20 → 40 cases | 2000 ms (2000 ms) | 200 ms (200 ms) |"
grep -qF "The growth is linear" "$doc" && fail "superlinear growth is called linear"

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "all checks passed"
