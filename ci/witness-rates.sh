#!/bin/bash
# ci/witness-rates.sh [--racekit PATH] [N] [case-dir...] - how often each
# bug shows without a detector, written into the lessons.
#
# For the unsafe variant of every case (or of the cases named), runs
# `racekit check --witness N` (N defaults to 100): the variant built plainly
# (-O2, the ordering barrier off) and run N times. The same for safe.c, as a
# control: runs that "fail" in a way the fix fails too (a check that relies
# on the barrier, output that varies anyway) are named apart, as no sign of
# the bug.
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

# Each run counts in one way only (witness.h). A way in which the fixed
# safe.c, run the same way as a control, "fails" too is no sign of the bug:
# a check that relies on the ordering barrier, or output that varies from run
# to run anyway. Those runs are named apart, with the control's count.
WAYS = [("invariant_runs", "failed its own check", "failed the program's own check"),
        ("output_runs", "wrong output", "gave a different output"),
        ("hang_runs", "hung", "hung"),
        ("crash_runs", "crashed or exited with an error", "crashed or exited with an error")]
sure = [(what, w[key]) for key, what, _ in WAYS if w[key] and not control[key]]
unsure = [(verb, w[key], control[key]) for key, _, verb in WAYS if w[key] and control[key]]
line = (f"Without a detector (plain -O2 build, no ordering barrier), the bug showed in "
        f"{sum(n for _, n in sure)} of {w['runs']} runs")
line += " (" + ", ".join(f"{what} in {n}" for what, n in sure) + ")." if sure else "."
for what, n, c in unsure:
    line += (f" {n} more {'run' if n == 1 else 'runs'} {what}, but so did {c} of {control['runs']} runs of "
             f"the fixed safe.c: no sign of the bug here.")
if not w["output_compared"]:
    line += " (The output was not compared: safe.c gave none to compare with.)"

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
