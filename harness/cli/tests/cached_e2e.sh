#!/bin/bash
# cached_e2e.sh <racekit> <scratch-dir> - `racekit cached`, the test cache
# every other test of the kit runs through: a pass is kept while nothing the
# test reads changes (by content: the files named, the input folders, the
# targets of links; every file its builds read is cached_reads_e2e.sh's),
# and only then; a failure
# runs again every time; the command's exit status comes through;
# RACEKIT_TEST_CACHE=off runs it.
here=$(cd "$(dirname "$0")" && pwd)
unset RACEKIT_TEST_CACHE # this test says when the cache runs a test
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
input="$SCRATCH/input" runs="$SCRATCH/runs"
mkdir -p "$input/sub"
echo one >"$input/sub/a.txt"
# The test passes or fails as the file "exit" (not an input) says: a
# change the cache cannot see, to show what it does with a failure.
echo 0 >"$SCRATCH/exit"
printf '#!/bin/sh\necho ran >>"%s"\nexit "$(cat "%s")"\n' "$runs" "$SCRATCH/exit" >"$SCRATCH/test.sh"
chmod +x "$SCRATCH/test.sh"

# cached [ENV=VALUE...] - the test through racekit cached; keeps status and output.
cached() {
  out=$(env "$@" "$RACEKIT" cached --input "$input" -- "$SCRATCH/test.sh" 2>"$SCRATCH/stderr"); status=$?
  err=$(cat "$SCRATCH/stderr")
}
# ran N WHY - the test itself has run N times so far.
ran() {
  local n; n=$(wc -l <"$runs" 2>/dev/null || echo 0)
  [ "$n" = "$1" ] || fail "$2: the test ran $n times, want $1"
}

cached
expect_status 0
ran 1 "first run"
cached
expect_status 0
ran 1 "nothing changed"
case "$out" in "PASS (cached): passed at "*", and nothing it reads has changed since (RACEKIT_TEST_CACHE=off runs it again)") ;;
  *) fail "a kept pass says: $out" ;; esac

echo two >"$input/sub/a.txt" && touch -d '+1 minute' "$input/sub/a.txt"   # an input file changes
cached
ran 2 "an input file changed"
echo new >"$input/sub/b.txt"                      # a file appears in an input folder
cached
ran 3 "a file appeared in an input folder"
mkdir -p "$input/__pycache__" && echo x >"$input/.swap"   # what a run or an editor leaves
cached
ran 3 "byte code and hidden files are not inputs"
echo '# edited' >>"$SCRATCH/test.sh"              # a file the command names
cached
ran 4 "the command's own file changed"
cached RACEKIT_SOMETHING=1                         # the environment racekit reads
ran 5 "a RACEKIT_ variable changed"
cached RACEKIT_SOMETHING=1 UNRELATED_VARIABLE=1
ran 5 "an unrelated variable"
cached TSAN_OPTIONS=verbosity=1
ran 6 "TSAN_OPTIONS changed"
cached TSAN_OPTIONS=verbosity=1 RACEKIT_TEST_CACHE=off
ran 7 "RACEKIT_TEST_CACHE=off"
cached TSAN_OPTIONS=verbosity=1
ran 7 "kept again"
# Content, not stat: the same size, the old modification time, the same inode.
touch -r "$input/sub/a.txt" "$SCRATCH/stamp-ref"
echo owt >"$input/sub/a.txt" && touch -r "$SCRATCH/stamp-ref" "$input/sub/a.txt"
cached TSAN_OPTIONS=verbosity=1
ran 8 "an input file changed, its size and times kept"
# A symbolic link in an input folder counts by its text and its target's content.
mkdir -p "$SCRATCH/elsewhere" && echo one >"$SCRATCH/elsewhere/t.txt" && echo two >"$SCRATCH/elsewhere/u.txt"
ln -s "$SCRATCH/elsewhere/t.txt" "$input/link.txt"
cached TSAN_OPTIONS=verbosity=1
ran 9 "a link appeared"
echo ONE >"$SCRATCH/elsewhere/t.txt" && touch -r "$SCRATCH/stamp-ref" "$SCRATCH/elsewhere/t.txt"
cached TSAN_OPTIONS=verbosity=1
ran 10 "a link's target outside the input changed"
ln -sfn "$SCRATCH/elsewhere/u.txt" "$input/link.txt"
cached TSAN_OPTIONS=verbosity=1
ran 11 "a link now leads elsewhere"
cached TSAN_OPTIONS=verbosity=1
ran 11 "the link unchanged"

# A failure is never kept, and its status comes through.
echo 3 >"$SCRATCH/exit"
echo three >"$input/sub/a.txt"                    # new inputs: no pass kept for them
cached
expect_status 3
ran 12 "a failure"
cached
expect_status 3
ran 13 "the same failure, run again"
echo 0 >"$SCRATCH/exit"
cached
expect_status 0
ran 14 "the repair"
cached
ran 14 "the repair, kept"
# A pass that fails when run again (RACEKIT_TEST_CACHE=off) is no longer kept.
echo 3 >"$SCRATCH/exit"
cached RACEKIT_TEST_CACHE=off
expect_status 3
ran 15 "a kept pass that fails when run"
cached
expect_status 3
ran 16 "the failure, run again"

# A pass the command says may not repeat (RACEKIT_CACHE_NOTE, as racekit
# check writes when only one run's schedule showed the bug) is not kept.
echo 0 >"$SCRATCH/exit"
printf '#!/bin/sh\necho ran >>"%s"\necho "one lucky run" >"$RACEKIT_CACHE_NOTE"\n' "$runs" >"$SCRATCH/test.sh"
cached
expect_status 0
ran 17 "a pass by luck"
grep -qF "not kept, it may not pass again: one lucky run" <<<"$out" || fail "a pass by luck says: $out"
cached
ran 18 "a pass by luck, run again"
printf '#!/bin/sh\necho ran >>"%s"\n' "$runs" >"$SCRATCH/test.sh"
cached
ran 19 "the same test without the note"
cached
ran 19 "a pass without a note, kept"

# A command killed by a signal: 128 + the signal, as a shell says.
out=$("$RACEKIT" cached -- sh -c 'kill -TERM $$' 2>&1); status=$?
expect_status 143
# A command that cannot be run: 127, with its name.
out=$("$RACEKIT" cached -- "$SCRATCH/no-such-test" 2>&1); status=$?
expect_status 127
grep -q "cannot run $SCRATCH/no-such-test" <<<"$out" || fail "no reason for a missing command: $out"
# Bad usage: one line and the usage, status 2.
out=$("$RACEKIT" cached --inputs x -- true 2>&1); status=$?
expect_status 2
grep -q "cached: unknown option '--inputs'" <<<"$out" || fail "bad option not named: $out"
out=$("$RACEKIT" cached --input x 2>&1); status=$?
expect_status 2
finish
