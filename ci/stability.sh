#!/bin/bash
# ci/stability.sh [N] [REGEX] - run every variant N times (default 50) with
# `racekit check --runs N`, then print one row per case (runs that got the
# expected verdict, out of N, for each variant) and the totals. A variant
# whose verdict flips between runs is a bug: exit 1 when any run disagreed.
# A schedule-dependent unsafe variant whose bug racekit's scheduler found
# (seeded by the case id) gets its verdict on every run, even in runs whose
# own schedule did not show the bug (docs/outcomes.md, "Two judges").
# REGEX selects cases by "topic/name" (default: all). Needs a built tree.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build="${RACEKIT_BUILD_DIR:-$root/build}"
runs=${1:-50}
filter=${2:-.}
racekit="$build/racekit"
[ -x "$racekit" ] || { echo "stability: build first ($racekit missing)" >&2; exit 2; }
export RACEKIT_BUILD_DIR="$build"
out="$build/stability"
rm -rf "$out" && mkdir -p "$out"

cases=$(cd "$root/cases" && ls -d */*/ | sed 's|/$||' | grep -E -- "$filter")
[ -n "$cases" ] || { echo "stability: no case matches '$filter'" >&2; exit 2; }
for c in $cases; do echo "$c unsafe"; echo "$c safe"; done |
  xargs -P "$(nproc)" -L 1 sh -c '"$0" check --quiet --runs "$1" "$2" "$3" >/dev/null 2>&1; true' "$racekit" "$runs"

printf '%-40s %-30s %-8s %-8s %s\n' case expect unsafe safe median_s
total=0; bad=0; disagree=0
for c in $cases; do
  row=$(python3 - "$build/results/tsan/$c" "$runs" <<'PY'
import json, sys
base, runs = sys.argv[1], int(sys.argv[2])
cells, bad, disagree, med = [], 0, 0, []
expect = "?"
for v in ("unsafe", "safe"):
    try:
        d = json.load(open(f"{base}/{v}.json"))
    except (OSError, ValueError):
        cells.append("missing"); bad += 1; disagree += runs; continue
    expect = ",".join(d["expect"])
    ok = d["runs_passed"] if d["runs"] == runs else 0
    # An unsafe variant whose bug racekit's scheduler found passes on every
    # run, whichever schedule the run got: its seed comes from the case id.
    sched = d.get("scheduler") or {}
    if v == "unsafe" and d["runs"] == runs and d["verdict"] == "pass" and sched.get("verdict") == "pass":
        ok = runs
    cells.append(f"{ok}/{runs}")
    disagree += runs - ok
    bad += ok != runs
    med.append(f"{d['duration_s']:.3f}")
print(f"{expect}\t{cells[0]}\t{cells[1]}\t{'/'.join(med)}\t{bad}\t{disagree}")
PY
)
  IFS=$'\t' read -r expect u s med b d <<<"$row"
  printf '%-40s %-30s %-8s %-8s %s\n' "$c" "$expect" "$u" "$s" "$med"
  total=$((total + 2)); bad=$((bad + b)); disagree=$((disagree + d))
done
echo "$((total / 2)) cases, $total variants x $runs runs: $((total - bad))/$total variants stable, $disagree disagreeing runs"
[ "$bad" -eq 0 ]
