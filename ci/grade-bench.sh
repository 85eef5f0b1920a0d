#!/bin/bash
# ci/grade-bench.sh [build-dir] [submissions] [jobs] [exercise] [kinds] -
# grading a class
# (issue 20, point 9): `racekit exercise` makes the withdraw and counter
# exercises, ci/grade_bench.py writes <submissions> (default 100) between
# them - correct repairs (printing different outputs), wrong repairs (the
# atomic check-then-act one among them), compile errors, hangs, output
# floods and attacks, each a different file - and `racekit grade -j <jobs>`
# (default 2) grades them from a cold gradebook. Prints a Markdown table:
# seconds per submission and how many grades were right (docs/performance.md,
# "Grading a class"). With [exercise] (withdraw or counter) only that one,
# all the submissions; [kinds] keeps only those variants of
# ci/grade_bench.py (e.g. no-barrier,atomic-check-then-act: the issue's
# 50 of 50). A benchmark, not a test: exit status 1 only when a grade was
# wrong.
set -u
cd "$(dirname "$0")/.." || exit 1
build=${1:-build} n=${2:-100} jobs=${3:-2} only=${4:-} kinds=${5:-}
rk="$build/racekit"
[ -x "$rk" ] || { echo "ci/grade-bench.sh: $rk not built (cmake --workflow --preset default)" >&2; exit 2; }
export RACEKIT_BUILD_DIR="$build"
work=$(mktemp -d /tmp/racekit-grade-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
echo "| exercise | submissions | jobs | seconds | seconds per submission | grades right |"
echo "|---|---|---|---|---|---|"
for ex in check-then-act/withdraw basics/counter; do
  name=${ex#*/} count=$(( n / 2 ))
  [ "$name" = counter ] && count=$(( n - n / 2 ))
  if [ -n "$only" ]; then [ "$name" = "$only" ] || continue; count=$n; fi
  "$rk" exercise "$ex" "$work/course/$name" >/dev/null || { echo "ci/grade-bench.sh: racekit exercise $ex failed" >&2; exit 2; }
  python3 ci/grade_bench.py make cases "$work/course/$name" "$work/subs-$name" "$count" $kinds || exit 2
  t0=$(date +%s.%N)
  "$rk" grade -j "$jobs" --timeout 300 -o "$work/book-$name" "$work/course/$name" "$work/subs-$name" >"$work/grade-$name.log" 2>&1 ||
    { echo "ci/grade-bench.sh: racekit grade failed: $(tail -3 "$work/grade-$name.log")" >&2; exit 2; }
  t1=$(date +%s.%N)
  right=$(python3 ci/grade_bench.py check "$work/subs-$name.want" "$work/book-$name/grades.csv")
  [ $? = 0 ] || status=1
  grep -v '^right ' <<<"$right" | sed "s/^/ci\/grade-bench.sh: $name: /" >&2
  python3 - "$name" "$count" "$jobs" "$t0" "$t1" "$(tail -1 <<<"$right")" <<'PY'
import sys
name, n, jobs, t0, t1, right = sys.argv[1:]
s = float(t1) - float(t0)
r = right.split()
print(f"| {name} | {n} | {jobs} | {s:.0f} | {s / int(n):.2f} | {r[1]} of {r[3]} |")
PY
done
exit $status
