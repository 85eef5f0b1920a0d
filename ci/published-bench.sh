#!/bin/bash
# ci/published-bench.sh [build-dir] [seeds] [safe-schedules] [strategy...] -
# racekit's scheduler on the classic small pthread programs of the
# concurrency-testing literature (SCTBench, SV-COMP's pthread set, CHESS),
# ported without the ordering barrier into the cases root ci/published-bugs/
# (docs/exploration.md, "Published bugs"). For each strategy (default: mix,
# racekit explore's default, and pct) and each program: on how many of
# `seeds` seeds (default 20, each with a budget of 1000 schedules)
# `racekit explore` finds the bug in unsafe.c, the median and max schedules
# to the first failure, schedules per second, and whether safe.c failed in
# `safe-schedules` (default 1000; the goal is 0). Prints one Markdown table
# per strategy. A benchmark, not a test: a bug not found on every seed is a
# number in the table, and nothing is timed against a limit; exit status 1
# only when a safe variant failed.
set -u
build=${1:-build} seeds=${2:-20} safe_n=${3:-1000}
shift $(($# < 3 ? $# : 3))
strategies=("$@")
[ ${#strategies[@]} -gt 0 ] || strategies=(mix pct)
# A relative build dir is the caller's, as a path on the command line is.
[ -d "$build" ] && build=$(cd "$build" && pwd)
cd "$(dirname "$0")/.." || exit 1
rk="$build/racekit" root=ci/published-bugs
[ -x "$rk" ] || { echo "ci/published-bench.sh: $rk not built (cmake --build <build-dir> --target racekit)" >&2; exit 2; }
export RACEKIT_BUILD_DIR="$build"

# found (1 when the schedule failed the program's way: invariant, hang,
# crash or a non-zero exit; "error" is the scheduler not judging it),
# schedules, schedules/s and outcome, from one explore result file.
read_result() {
  python3 -c 'import json,sys
try: d=json.load(open(sys.argv[1]))
except (OSError, ValueError): print(0, 0, 0, "none"); sys.exit()
f=d.get("found") and d.get("outcome") in ("invariant", "hang", "crash", "exit")
print(int(bool(f)), d.get("schedules", 0), d.get("schedules_per_s", 0), d.get("outcome"))' "$1"
}

status=0
for strategy in "${strategies[@]}"; do
  echo
  echo "### --strategy $strategy"
  echo
  echo "| program | found on (seeds) | schedules to first failure: median | max | schedules/s | safe.c failures in $safe_n schedules | outcome |"
  echo "|---|---|---|---|---|---|---|"
  for readme in "$root"/*/*/README.md; do
    dir=${readme%/README.md} id=${dir#"$root"/}
    json="$build/results/explore/$id"
    counts=() rates=() outcomes=() found=0
    for seed in $(seq "$seeds"); do
      rm -f "$json/unsafe.json"
      "$rk" explore --cases-root "$root" --quiet --schedules 1000 --seed "$seed" \
        --strategy "$strategy" "$id" unsafe >/dev/null 2>&1
      read -r f n r o < <(read_result "$json/unsafe.json")
      [ "$f" = 1 ] && found=$((found + 1)) && counts+=("$n")
      rates+=("$r") outcomes+=("$o")
    done
    rm -f "$json/safe.json"
    "$rk" explore --cases-root "$root" --quiet --schedules "$safe_n" --seed 1 \
      --strategy "$strategy" "$id" safe >/dev/null 2>&1
    read -r sf _ sr so < <(read_result "$json/safe.json")
    # A safe run the scheduler could not judge is shown as such, not as 0.
    case $so in
      clean) safe=0 ;;
      invariant|hang|crash|exit) safe="1 ($so)" status=1 ;;
      *) safe="not judged ($so)" ;;
    esac
    stats=$(python3 -c 'import statistics,sys
c=[int(x) for x in sys.argv[2:]]; r=[float(x) for x in sys.argv[1].split()]
print(("%g | %d" % (statistics.median(c), max(c))) if c else "- | -", "| %.0f" % statistics.median(r))' \
      "${rates[*]} $sr" "${counts[@]}")
    seen=$(printf '%s\n' "${outcomes[@]}" | sort | uniq -c | sort -rn | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1}')
    echo "| $id | $found/$seeds | $stats | $safe | $seen |"
  done
done
exit $status
