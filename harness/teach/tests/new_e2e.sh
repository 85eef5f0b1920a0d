#!/bin/bash
# new_e2e.sh <racekit> <scratch-dir> - `racekit new` end to end: every
# skeleton compiles and already passes `racekit check` on both variants (so a
# student starts from a working case), the next steps are printed, and a bad
# name, an unknown kind or an existing folder is refused with one line and
# exit 2, leaving nothing behind.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
root="$SCRATCH/cases"

# new ARGS... - run `racekit new`, keep status, stdout and stderr.
new() {
  out=$("$RACEKIT" new --cases-root "$root" "$@" 2>"$SCRATCH/stderr"); status=$?
  err=$(cat "$SCRATCH/stderr")
}

for kind in data-race heap-use-after-free invariant hang missed lock-order-inversion thread-leak; do
  new "sk/$kind" --expect "$kind"
  expect_status 0
  for f in unsafe.c safe.c README.md; do
    [ -f "$root/sk/$kind/$f" ] || fail "new sk/$kind: $f missing"
  done
  grep -q "^expect: $kind\$" "$root/sk/$kind/README.md" || fail "sk/$kind: front matter does not expect $kind"
  grep -q '@[A-Z]*@' "$root/sk/$kind"/* && fail "sk/$kind: a template placeholder was left unreplaced"
  case "$out" in *"$RACEKIT lint $root/sk/$kind"*"-R sk/$kind"*) ;; *) fail "sk/$kind: next steps missing: $out" ;; esac
  if [ "$kind" = thread-leak ]; then
    grep -q "a case that expects thread-leak" <<<"$out" || fail "no corpus example named for a kind without skeleton: $out"
  fi
  for h in "## What goes wrong" "## A bad interleaving" "## What TSan says" "## The fix" "## Try it"; do
    grep -qx "$h" "$root/sk/$kind/README.md" || fail "sk/$kind: README lacks '$h'"
  done
  run_check --quiet --cases-root "$root" "$root/sk/$kind" safe
  expect_status 0
  # thread-leak has no skeleton: unsafe.c starts correct, so only safe passes.
  if [ "$kind" != thread-leak ]; then
    run_check --quiet --cases-root "$root" "$root/sk/$kind" unsafe
    [ "$status" = 0 ] || fail "skeleton sk/$kind/unsafe does not pass: $out"
  fi
done
case "$(cat "$root/sk/data-race/unsafe.c")" in *"// RACE"*"racekit_order_wait"*) ;; *)
  fail "the data-race skeleton does not show // RACE and the ordering barrier" ;; esac
grep -q "// RACE" "$root/sk/data-race/safe.c" && fail "the safe skeleton carries a // RACE marker"

# Refusals: one line on stderr, exit 2, nothing created.
refused() {
  expect_status 2
  [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "$1: want one line on stderr, got: $err"
  case "$err" in "racekit: new: "*"$2"*) ;; *) fail "$1: message '$err' lacks '$2'" ;; esac
}
new sk/data-race;                  refused "existing folder" "already exists"
new Sk/Bad_name;                   refused "bad name" "is not <topic>/<name>"
new onlyname;                      refused "no topic" "is not <topic>/<name>"
new sk/other --expect data-rcae;   refused "unknown kind" "unknown kind 'data-rcae'"
[ -e "$root/sk/other" ] && fail "a refused 'new' left sk/other behind"
[ -e "$root/Sk" ] && fail "a refused 'new' left Sk/ behind"
ls -A "$root/sk" | grep -q '^\.' && fail "a temporary folder was left in $root/sk"
# The example named is an existing case of the kind, never the case just
# made nor another unfinished one: in a source tree whose only thread-leak
# case is the new one there is no example; with a finished one beside it
# (sorted after both new ones), that one is named.
src="$SCRATCH/src"
mkdir -p "$src/cases"
out=$(RACEKIT_SOURCE_DIR="$src" "$RACEKIT" new aaa/first-leak --expect thread-leak 2>&1); status=$?
expect_status 0
case "$out" in *"a case that expects"*) fail "new named an example where there is none but itself: $out" ;; esac
mkdir -p "$src/cases/concepts"
cp -r "$here/../../../cases/concepts/hello-threads" "$src/cases/concepts/"
out=$(RACEKIT_SOURCE_DIR="$src" "$RACEKIT" new aaa/second-leak --expect thread-leak 2>&1); status=$?
expect_status 0
case "$out" in *"a case that expects thread-leak, to learn from: $RACEKIT explain concepts/hello-threads)"*) ;;
  *) fail "new did not name the shipped example: $out" ;; esac
finish
