#!/bin/bash
# ci/bounded-bench.sh [build-dir] [bound] [cases-root] [budget] - the bounded
# systematic search on every case whose expect lists invariant, hang or
# lock-order-inversion (but the lessons on the scheduler's limits): for
# safe.c, whether `racekit explore --strategy bounded --bound K` (default 2)
# ran every schedule within the bound, how many that was and how long it
# took, within `budget` schedules (default 5000); for unsafe.c, whether the
# same search found the bug and at which
# schedule. cases-root defaults to cases/ (ci/published-bugs/ works too).
# Prints a Markdown table (docs/exploration.md, "The bounded search"). A
# benchmark, not a test: exit status 1 only when a safe variant failed.
set -u
cd "$(dirname "$0")/.." || exit 1
build=${1:-build} bound=${2:-2} root=${3:-cases} budget=${4:-5000}
rk="$build/racekit"
[ -x "$rk" ] || { echo "ci/bounded-bench.sh: $rk not built (cmake --workflow --preset default)" >&2; exit 2; }
export RACEKIT_BUILD_DIR="$build"
status=0
echo "| case | safe.c: every schedule with <= $bound preemptions ran | schedules | seconds | unsafe.c: found at schedule |"
echo "|---|---|---|---|---|"
for readme in "$root"/*/*/README.md; do
  dir=${readme%/README.md} id=${dir#"$root"/}
  meta=$("$rk" meta "$dir") || continue
  expect=$(sed -n 's/^expect=//p' <<<"$meta")
  grep -qE '(^|[, ])(invariant|hang|lock-order-inversion)([, ]|$)' <<<"$expect" || continue
  grep -qx 'explore=cannot' <<<"$meta" && continue
  json="$build/results/explore/$id"
  t0=$(date +%s.%N)
  "$rk" explore --quiet --strategy bounded --bound "$bound" --schedules "$budget" --cases-root "$root" "$dir" safe >/dev/null 2>&1
  safe_rc=$?
  t1=$(date +%s.%N)
  [ "$safe_rc" = 1 ] && status=1
  "$rk" explore --quiet --strategy bounded --bound "$bound" --schedules "$budget" --cases-root "$root" "$dir" unsafe >/dev/null 2>&1
  python3 - "$json" "$t0" "$t1" "$id" "$bound" <<'PY'
import json, sys
base, t0, t1, case, bound = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
def load(v):
    try:
        return json.load(open(f"{base}/{v}.json"))
    except (OSError, ValueError):
        return None
s, u = load("safe"), load("unsafe")
if s is None or s.get("bound_completed") is None:
    done, n = ("cannot: " + (s or {}).get("reason", "no result")[:80]), "-"
elif s.get("found"):
    done, n = "FAILED: " + s.get("reason", "")[:80], s.get("schedules")
else:
    c = s["bound_completed"]
    done = "yes" if c == bound else ("up to %d only: " % c if c >= 0 else "no: ") + s.get("reason", "")[:80]
    n = s["bound_schedules"] if c >= 0 else s.get("schedules")
found = "-" if u is None else (str((u.get("schedule_index") or 0) + 1) if u.get("found") else "not found: " + u.get("reason", "")[:60])
print(f"| {case} | {done} | {n} | {float(t1) - float(t0):.2f} | {found} |")
PY
done
exit "$status"
