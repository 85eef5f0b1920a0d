#!/bin/bash
# suite.sh setup|cleanup <scratch> - the hostile suite's CTest fixture.
#
# setup records the process table and the names in /tmp, and empties the
# suite's TMPDIR. cleanup, after every hostile test, checks that the suite
# left nothing behind: no live process carrying the suite's environment
# (every hostile test runs racekit with RACEKIT_HOSTILE_SUITE=<scratch>), no
# process running as the sandbox uid of a harness that is gone, no racekit-<pid>
# cgroup of a harness that is gone, nothing in the suite's TMPDIR, no
# harness temporary file in /tmp, no partial result file and every result
# file complete JSON.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mode=$1 scratch=$2
hostile() { python3 "$here/hostile.py" "$@"; }
failures=0
fail() { echo "FAIL hostile/$mode: $*" >&2; failures=$((failures + 1)); }

if [ "$mode" = setup ]; then
  rm -rf "$scratch/tmp" && mkdir -p "$scratch/tmp" || exit 1
  hostile procs >"$scratch/procs-before" || exit 1
  ls -A /tmp >"$scratch/tmp-before" 2>/dev/null
  echo "recorded $(wc -l <"$scratch/procs-before") processes"
  exit 0
fi

# The process table against the one before the suite: what is new and
# carries the suite's environment was started by the suite.
left=$(hostile new "$scratch/procs-before" "RACEKIT_HOSTILE_SUITE=$scratch")
[ -z "$left" ] || { fail "processes started by the suite still alive: $left"; kill -9 $left 2>/dev/null; }

# A process running as a sandbox uid (2000000000 + the pid of the harness
# that started it) whose harness is gone was left behind. (Sandboxed
# processes of harnesses still running belong to tests running now.)
orphaned=$(hostile procs | awk '$3 >= 2000000000 { print $1, $3 - 2000000000 }' |
  while read -r pid harness; do kill -0 "$harness" 2>/dev/null || echo "$pid"; done)
[ -z "$orphaned" ] || fail "sandboxed processes whose harness is gone: $orphaned"

for cg in $(find /sys/fs/cgroup -maxdepth 5 -type d -name 'racekit-*' 2>/dev/null); do
  pid=${cg##*racekit-}
  kill -0 "$pid" 2>/dev/null || fail "cgroup of a finished harness left: $cg"
done

[ -z "$(ls -A "$scratch/tmp" 2>/dev/null)" ] || fail "files left in the suite's TMPDIR: $(ls -A "$scratch/tmp")"
new_tmp=$(ls -A /tmp 2>/dev/null | grep -vxF -f "$scratch/tmp-before" | grep -E '\.tmp\.[A-Za-z0-9]+$' || true)
[ -z "$new_tmp" ] || fail "harness temporary files in /tmp: $new_tmp"
# (An interrupted compile may leave its output's bin.tmp.<pid> in the cache:
# inside the build tree, and never mistaken for a binary.)
stray=$(find "$scratch/results" -name '*.tmp.*' 2>/dev/null)
[ -z "$stray" ] || fail "partial result files left: $stray"
hostile alljson "$scratch/results" >&2 || fail "a result file is not complete JSON"

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "nothing left behind"
