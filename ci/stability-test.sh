#!/bin/bash
# ci/stability-test.sh <scratch> - how ci/stability.sh counts a variant's
# runs (the test corpus/stability-count), with a stand-in racekit that
# writes the result files: an unsafe variant whose bug racekit's scheduler
# found agrees on every run, even where no run showed it; one resting on
# its runs alone, that showed it in 4 of 5, is unstable and fails the
# script; a safe variant counts its passing runs.
set -u
scratch=$1
root=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$scratch" && mkdir -p "$scratch" || exit 1
# The stand-in: `racekit check --quiet --runs N <case> <variant>` writes
# <build>/results/tsan/<case>/<variant>.json. withdraw's unsafe runs never
# show the bug, but the scheduler found it; counter's unsafe has no
# scheduler judge and one run in five missed.
cat >"$scratch/racekit" <<'SH'
#!/bin/bash
runs=$4 c=$5 v=$6 passed=$4 sched=null
case "$c/$v" in
  check-then-act/withdraw/unsafe) passed=0 sched='{"verdict": "pass"}' ;;
  basics/counter/unsafe) passed=$((runs - 1)) ;;
esac
mkdir -p "$RACEKIT_BUILD_DIR/results/tsan/$c"
printf '{"expect": ["x"], "verdict": "pass", "runs": %s, "runs_passed": %s, "duration_s": 0.1, "scheduler": %s}\n' \
  "$runs" "$passed" "$sched" >"$RACEKIT_BUILD_DIR/results/tsan/$c/$v.json"
SH
chmod +x "$scratch/racekit"
export RACEKIT_BUILD_DIR=$scratch

out=$(bash "$root/ci/stability.sh" 5 '^check-then-act/withdraw$' 2>&1) || fail "a bug the scheduler found was unstable: $out"
grep -Eq '^check-then-act/withdraw +x +5/5 +5/5 ' <<<"$out" || fail "withdraw's row is not 5/5 5/5: $out"

out=$(bash "$root/ci/stability.sh" 5 '^basics/counter$' 2>&1) && fail "4 runs in 5 passed as stable: $out"
grep -Eq '^basics/counter +x +4/5 +5/5 ' <<<"$out" || fail "counter's row is not 4/5 5/5: $out"
grep -q '1 disagreeing runs' <<<"$out" || fail "the disagreeing run is not counted: $out"
echo "stability: a bug the scheduler found agrees on every run; a run that missed on its own does not"
