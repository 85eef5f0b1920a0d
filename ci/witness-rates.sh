#!/bin/bash
# ci/witness-rates.sh [--racekit PATH] [N] [case-dir...] - how often each
# bug shows without a detector, written into the lessons.
#
# For the unsafe variant of every case (or of the cases named), runs
# `racekit check --witness N` (N defaults to 100): the variant built plainly
# (-O2, the ordering barrier off) and run N times. The same for safe.c, as a
# control: a fix that "fails" as often without the barrier means the case's
# check depends on the barrier, and the line says the count means nothing.
# The counts become one generated line at the end of the README's "What goes wrong"
# section, between the markers <!-- witness --> and <!-- /witness -->
# (added there the first time, replaced in place after), e.g.
#   Without a detector (plain -O2 build, no ordering barrier), the bug
#   showed in 7 of 100 runs (wrong output in 7).
# Do not edit that line by hand: rerun this script. The rates depend on the
# machine and its load; run it on a quiet machine.
#
# racekit: --racekit PATH, else build/racekit. The checks write their results
# and compile cache to a temporary folder, not to a build tree.
# Exit status: 0, 1 when a case gave no witness count (named on stderr),
# 2 on bad usage.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
racekit="$root/build/racekit"
if [ "${1:-}" = --racekit ]; then
  racekit=${2:-}
  shift 2 || true
fi
runs=100
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
  runs=$1
  shift
fi
if [ ! -x "$racekit" ] || [ "$runs" -lt 1 ]; then
  echo "usage: ci/witness-rates.sh [--racekit PATH] [N >= 1] [case-dir...]  (racekit: $racekit)" >&2
  exit 2
fi
if [ $# -eq 0 ]; then
  set -- "$root"/cases/*/*/
fi
scratch=$(mktemp -d) && trap 'rm -rf "$scratch"' EXIT

status=0
for dir in "$@"; do
  dir=$(cd "$dir" && pwd) || { status=1; continue; }
  id="$(basename "$(dirname "$dir")")/$(basename "$dir")"
  for variant in unsafe safe; do
    RACEKIT_BUILD_DIR=$scratch "$racekit" check --quiet --witness "$runs" \
      --cases-root "$(dirname "$(dirname "$dir")")" "$dir" $variant >> "$scratch/check.log" 2>&1
  done
  result="$scratch/results/tsan/$id"
  if ! python3 - "$result" "$dir/README.md" <<'EOF'
import json, os, sys

result, readme = sys.argv[1], sys.argv[2]
BEGIN, END = "<!-- witness -->", "<!-- /witness -->"


def witness(variant):
    try:
        with open(f"{result}/{variant}.json", encoding="utf-8") as f:
            w = json.load(f).get("witness")
    except (OSError, ValueError):
        w = None
    if not w or not w.get("runs"):
        sys.exit(f"{readme}: no witness count of {variant}.c (the witness build failed?)")
    return w


w, control = witness("unsafe"), witness("safe")

ways = [("failed its own check", w["invariant_runs"]), ("wrong output", w["output_runs"]),
        ("hung", w["hang_runs"]), ("crashed or exited with an error", w["crash_runs"])]
shown = ", ".join(f"{what} in {n}" for what, n in ways if n)
line = (f"Without a detector (plain -O2 build, no ordering barrier), the bug showed in "
        f"{w['bug_runs']} of {w['runs']} runs")
line += f" ({shown})." if shown else "."
if not w["output_compared"] and not control["bug_runs"]:
    line += " (The output was not compared: safe.c gave none to compare with.)"
# The control: the fixed variant run the same way. When it "fails" too, the
# case's check relies on the ordering barrier, and the count above is no
# measure of the bug.
if control["bug_runs"]:
    line += (f" But the fixed safe.c, run the same way, failed too in {control['bug_runs']} of "
             f"{control['runs']} runs: without the ordering barrier this case's check cannot tell the bug "
             f"apart, so the count says nothing here.")

with open(readme, encoding="utf-8") as f:
    lines = f.read().split("\n")
if BEGIN in lines and END in lines and lines.index(BEGIN) < lines.index(END):
    lines[lines.index(BEGIN) + 1:lines.index(END)] = [line]
else:
    heads = [i for i, l in enumerate(lines) if l.startswith("## What goes wrong")]
    if not heads:
        sys.exit(f"{readme}: no '## What goes wrong' section to put the witness line in")
    start = heads[0]
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    while lines[end - 1] == "":
        end -= 1
    lines[end:end] = ["", BEGIN, line, END]
with open(readme + ".tmp", "w", encoding="utf-8") as f:
    f.write("\n".join(lines))
os.replace(readme + ".tmp", readme)
print(f"{os.path.basename(os.path.dirname(os.path.dirname(readme)))}/"
      f"{os.path.basename(os.path.dirname(readme))}: {line}")
EOF
  then
    sed 's/^/  /' "$scratch/check.log" >&2
    status=1
  fi
  rm -f "$scratch/check.log"
done
exit $status
