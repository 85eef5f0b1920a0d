#!/bin/bash
# cached_reads_e2e.sh <racekit> <scratch-dir> - `racekit cached` keys a case's
# test on every file the check's builds read, by content (issue 19.5): a
# hidden header, the target of a symbolic link outside the case, a header
# in a sibling folder. Each attack once kept `PASS (cached)` while `racekit
# check` said FAIL.
here=$(cd "$(dirname "$0")" && pwd)
unset RACEKIT_TEST_CACHE # this test says when the cache runs a test
. "$here/../../tests/e2e_lib.sh" "$1" "$2"

# Each case's safe.c takes LOCKED from a file its folder's walk does not
# see. The check's builds name them (RACEKIT_CACHE_READS); flipping LOCKED
# to 0, with the file's size and time kept, must run the check again, which
# then fails. The cases live outside the build folder, as real ones do
# (files in it are the test's own scratch, not inputs).
fixture="$here/fixtures/cached" cases="$SCRATCH/cases" build="$SCRATCH/build"
for name in hidden symlink sibling; do
  mkdir -p "$cases/cache/$name"
  cp "$fixture/README.md" "$cases/cache/$name/"
  printf '#define LOCKED 0\n#include "%s/counter.h"\n' "$fixture" >"$cases/cache/$name/unsafe.c"
done
locked() { printf '#define LOCKED %s\n#include "%s/counter.h"\n' "$1" "$fixture"; }
locked 1 >"$cases/cache/hidden/.impl.h"                                # (1) a hidden header
echo '#include ".impl.h"' >"$cases/cache/hidden/safe.c"
mkdir -p "$SCRATCH/outside" && locked 1 >"$SCRATCH/outside/safe.c"     # (2) a link out of the case
ln -s "$SCRATCH/outside/safe.c" "$cases/cache/symlink/safe.c"
mkdir -p "$cases/cache/shared" && echo '#define LOCKED 1' >"$cases/cache/shared/locked.h"  # (3) ../ header
printf '#include "../shared/locked.h"\n#include "%s/counter.h"\n' "$fixture" >"$cases/cache/sibling/safe.c"

# check_cached CASE - its safe test as CTest runs it; keeps status and output.
check_cached() {
  out=$(RACEKIT_BUILD_DIR="$build" "$RACEKIT" cached --input "$cases/cache/$1" -- \
        "$RACEKIT" check --cases-root "$cases" "$cases/cache/$1" safe 2>"$SCRATCH/stderr"); status=$?
  err=$(cat "$SCRATCH/stderr")
}
# flip FILE - LOCKED 1 becomes 0 in FILE, its size and modification time kept.
flip() {
  touch -r "$1" "$SCRATCH/flip-ref"
  sed -i 's/^#define LOCKED 1$/#define LOCKED 0/' "$1" && touch -r "$SCRATCH/flip-ref" "$1"
}
for attack in "hidden $cases/cache/hidden/.impl.h" "symlink $SCRATCH/outside/safe.c" \
              "sibling $cases/cache/shared/locked.h"; do
  set -- $attack
  check_cached "$1"
  expect_status 0
  case "$out" in "PASS (cached)"*) fail "$1: the first check was not run: $out" ;; esac
  check_cached "$1"
  expect_status 0
  case "$out" in "PASS (cached)"*) ;; *) fail "$1: an unchanged case was not kept: $out" ;; esac
  flip "$2"
  check_cached "$1"
  expect_status 1
  case "$out" in "PASS (cached)"*) fail "$1: a kept pass after $2 made it racy: $out" ;; esac
done
# A pass whose builds' list of reads is lost is not kept (nothing may be
# missed). Not handed to an enclosing racekit cached, whose list would go too.
RACEKIT_BUILD_DIR="$build" RACEKIT_CACHE_READS="$SCRATCH/no-such-list" "$RACEKIT" check --quiet \
  --cases-root "$cases" "$cases/cache/sibling" unsafe >/dev/null 2>&1
[ -e "$SCRATCH/no-such-list" ] && fail "a build made the list of reads it was not given"
out=$(RACEKIT_BUILD_DIR="$build" env -u RACEKIT_CACHE_READS "$RACEKIT" cached -- sh -c 'rm -f "$RACEKIT_CACHE_READS"' 2>&1); status=$?
expect_status 0
grep -qF "not kept: the list of files its builds read is missing" <<<"$out" || fail "a lost list says: $out"

# The kept hashes (<build>/test-cache/hashes) spare reading a file whose
# stat, change time included, is the one its hash was kept with; a file is
# kept only once over a second old. Age one, then change it with its size
# and times put back: only the change time tells, and it must.
memo="$SCRATCH/memo" log="$SCRATCH/memo-log"
mkdir -p "$memo" "$log" && echo one >"$memo/a.txt" && sleep 2
# memo_cached N WHY - a counting test with the folder as input; it has run N times.
memo_cached() {
  RACEKIT_BUILD_DIR="$build" "$RACEKIT" cached --input "$memo" -- sh -c 'echo ran >>"$0/runs"' "$log" >/dev/null 2>&1
  local n; n=$(wc -l <"$log/runs")
  [ "$n" = "$1" ] || fail "$2: the test ran $n times, want $1"
}
memo_cached 1 "first run"
grep -q " $memo/a.txt\$" "$build/test-cache/hashes" || fail "an old file's hash was not kept"
memo_cached 1 "nothing changed, the kept hash used"
touch -r "$memo/a.txt" "$SCRATCH/memo-ref"
echo owt >"$memo/a.txt" && touch -r "$SCRATCH/memo-ref" "$memo/a.txt"
memo_cached 2 "a file with a kept hash changed, its size and times put back"

finish
