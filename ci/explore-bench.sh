#!/bin/bash
# ci/explore-bench.sh [build-dir] [seeds] [safe-schedules] - the numbers of
# racekit's scheduler (docs/exploration.md): for every case whose expect
# lists invariant, hang or lock-order-inversion (but for the lessons on the
# scheduler's limits, `explore: cannot`), the schedules
# `racekit explore` needs to find the bug in unsafe.c without the ordering
# barrier (median and max over `seeds` seeds, default 20, each with a
# budget of 1000), schedules per second, and the failing schedules in
# safe.c over `safe-schedules` (default 1000; the goal is 0). Prints a
# Markdown table; exit status 1 when a safe variant failed or a bug was not
# found. A benchmark, not a test: nothing here is timed against a limit.
set -u
cd "$(dirname "$0")/.." || exit 1
build=${1:-build} seeds=${2:-20} safe_n=${3:-1000}
rk="$build/racekit"
[ -x "$rk" ] || { echo "ci/explore-bench.sh: $rk not built (cmake --workflow --preset default)" >&2; exit 2; }
export RACEKIT_BUILD_DIR="$build"
status=0
echo "| case | found in (seeds) | schedules to first failure: median | max | schedules/s | safe.c failed in $safe_n schedules (1: yes) |"
echo "|---|---|---|---|---|---|"
for readme in cases/*/*/README.md; do
  dir=${readme%/README.md} id=${dir#cases/}
  meta=$("$rk" meta "$dir")
  expect=$(sed -n 's/^expect=//p' <<<"$meta")
  grep -qE '(^|[, ])(invariant|hang|lock-order-inversion)([, ]|$)' <<<"$expect" || continue
  # A lesson on the scheduler's limits (explore: cannot): nothing to find.
  grep -qx 'explore=cannot' <<<"$meta" && continue
  json="$build/results/explore/$id"
  counts=() found=0 rates=()
  for seed in $(seq "$seeds"); do
    "$rk" explore --quiet --schedules 1000 --seed "$seed" "$id" unsafe >/dev/null 2>&1
    read -r f n r < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(int(d["found"]), d["schedules"], d["schedules_per_s"])' "$json/unsafe.json")
    [ "$f" = 1 ] && found=$((found + 1)) && counts+=("$n")
    rates+=("$r")
  done
  "$rk" explore --quiet --schedules "$safe_n" "$id" safe >/dev/null 2>&1
  read -r sf sr < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(int(d["found"]), d["schedules_per_s"])' "$json/safe.json")
  stats=$(python3 -c 'import statistics,sys; c=[int(x) for x in sys.argv[2:]]; r=[float(x) for x in sys.argv[1].split()]
print(("%g | %d" % (statistics.median(c), max(c))) if c else "- | -", "| %.0f" % statistics.median(r))' "${rates[*]} $sr" "${counts[@]}")
  echo "| $id | $found/$seeds | $stats | $sf |"
  [ "$found" = "$seeds" ] && [ "$sf" = 0 ] || status=1
done
exit $status
