#!/usr/bin/env bash
# private_tree.sh - as root, a graded program never runs as uid 0, even
# when the tree sits below a folder only root may enter (issue 19, point
# 4): the sandbox's uid cannot reach the binary there, and the harness runs
# a root-owned copy of it instead (harness/sandbox/bounds.h). Checked on a
# copy of the hostile escape/uid-zero and of basics/counter below a 0700
# folder: the program's uid, a race still found at its source line (by
# TSan, gcc's TSan and Helgrind when installed, and by the scheduler), and
# no copy left in /tmp afterwards. Skipped (77) when not root.
#
#     private_tree.sh <racekit> <repository-root>
set -u
racekit=$1 root=$2
[ "$(id -u)" -eq 0 ] || { echo "SKIP: not root (the program runs as the user then)"; exit 77; }
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
home=$(mktemp -d "${TMPDIR:-/tmp}/private-tree.XXXXXX") || exit 1
trap 'rm -rf "$home"' EXIT
chmod 0700 "$home"
mkdir -p "$home/cases/escape" "$home/cases/basics"
cp -r "$root/harness/sandbox/tests/hostile/escape/uid-zero" "$home/cases/escape/"
cp -r "$root/cases/basics/counter" "$home/cases/basics/"
export RACEKIT_BUILD_DIR="$home/build"
stages() { find /tmp -maxdepth 1 -name "racekit-stage-*" -newer "$home" 2>/dev/null | wc -l; }

for bound in uid cgroup; do
  out=$(RACEKIT_SANDBOX=$bound "$racekit" check --cases-root "$home/cases" "$home/cases/escape/uid-zero" safe 2>&1)
  [ $? -eq 0 ] || fail "$bound: escape/uid-zero did not pass: $out"
  python3 - "$home/build/results/tsan/escape/uid-zero/safe.json" "$bound" <<'PY' || fail "$bound: the program's own words"
import json, sys
d = json.load(open(sys.argv[1]))
assert d['stdout'] == 'euid not 0, staged copy: yes\n', (sys.argv[2], d['stdout'], d['reason'])
PY
done

# The race is still found, with its line, by every detector that reads
# the binary by name (gcc's TSan symbolizes inside the program).
for det in tsan tsan-gcc helgrind; do
  out=$("$racekit" check --detector "$det" --cases-root "$home/cases" "$home/cases/basics/counter" unsafe 2>&1)
  rc=$?
  [ $rc -eq 77 ] && { echo "note: $det is not installed here"; continue; }
  case "$out" in
    "PASS basics/counter/unsafe: data-race reported as expected (unsafe.c:18 vs unsafe.c:18)"*) ;;
    *) fail "$det: $out" ;;
  esac
done
out=$("$racekit" explore --cases-root "$home/cases" basics/counter unsafe 2>&1)
case "$out" in
  *"unsafe.c:"*"counter"*) ;;
  *) fail "explore gave no timeline with source lines: $out" ;;
esac
[ "$(stages)" -eq 0 ] || fail "staged copies left in /tmp: $(find /tmp -maxdepth 1 -name 'racekit-stage-*' -newer "$home")"

[ $failures -eq 0 ] && echo "private tree: all checks passed"
[ $failures -eq 0 ]
