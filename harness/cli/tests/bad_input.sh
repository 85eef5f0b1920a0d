#!/bin/bash
# bad_input.sh <racekit> <scratch-dir> - every kind of bad input to
# `racekit check`, one at a time: each gives exit status 2 (77 for a
# detector that is not installed) and exactly one line on stderr naming the
# file and the problem, writes no result, and leaves the result of a good
# case checked before it untouched.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
root="$SCRATCH/cases"
good="$root/bad/good"
mkdir -p "$good"
cp "$here"/../../judge/tests/fixtures/check/no-lock/* "$good/"

# refused NAME STATUS TEXT ARGS... - racekit check ARGS exits STATUS with one
# line on stderr that contains TEXT, and writes no result for NAME.
refused() {
  local name=$1 want=$2 text=$3
  shift 3
  run_check "$@"
  [ "$status" = "$want" ] || fail "$name: exit status $status, want $want ($err)"
  local lines
  lines=$(printf '%s\n' "$err" | grep -c .)
  if [ "$want" = 77 ]; then
    case "$out" in "SKIP: "*"$text"*) ;; *) fail "$name: skip message '$out' lacks '$text'" ;; esac
  else
    [ "$lines" = 1 ] || fail "$name: $lines lines on stderr, want 1: $err"
    case "$err" in "racekit: "*"$text"*) ;; *) fail "$name: message '$err' lacks '$text'" ;; esac
  fi
  [ ! -e "$SCRATCH/results/tsan/bad/$name" ] || fail "$name: a result was written"
}

# bad_case NAME README-CONTENT - a case whose README.md is that content.
bad_case() {
  mkdir -p "$root/bad/$1"
  cp "$good/unsafe.c" "$good/safe.c" "$root/bad/$1/"
  printf '%b' "$2" >"$root/bad/$1/README.md"
}

run_check --quiet --cases-root "$root" "$good" unsafe
expect_status 0
cp "$SCRATCH/results/tsan/bad/good/unsafe.json" "$SCRATCH/good-before.json"

# Front matter, one mistake per case.
bad_case unknown-key '---\ntitle: T\nexpct: data-race\n---\n'
refused unknown-key 2 "bad/unknown-key/README.md:3: unknown key 'expct' (did you mean 'expect'?)" --cases-root "$root" "$root/bad/unknown-key" unsafe
bad_case bad-value '---\ntitle: T\nexpect: data-rase\n---\n'
refused bad-value 2 "bad/bad-value/README.md:3: unknown expect value 'data-rase'" --cases-root "$root" "$root/bad/bad-value" unsafe
bad_case bad-timeout '---\ntitle: T\nexpect: data-race\ntimeout: soon\n---\n'
refused bad-timeout 2 "bad/bad-timeout/README.md:4: timeout 'soon' is not a number" --cases-root "$root" "$root/bad/bad-timeout" unsafe
bad_case duplicate '---\ntitle: T\ntitle: U\nexpect: data-race\n---\n'
refused duplicate 2 "bad/duplicate/README.md:3: duplicate key 'title'" --cases-root "$root" "$root/bad/duplicate" unsafe
bad_case no-opening 'title: T\nexpect: data-race\n---\n'
refused no-opening 2 "bad/no-opening/README.md:1: front matter must start with a '---' line" --cases-root "$root" "$root/bad/no-opening" unsafe
bad_case unterminated '---\ntitle: T\nexpect: data-race\n# Lesson\n'
refused unterminated 2 "bad/unterminated/README.md:1: front matter is not terminated" --cases-root "$root" "$root/bad/unterminated" unsafe
bad_case empty ''
refused empty 2 "bad/empty/README.md:1: file is empty" --cases-root "$root" "$root/bad/empty" unsafe
bad_case not-utf8 '---\ntitle: caf\xe9\nexpect: data-race\n---\n'
refused not-utf8 2 "bad/not-utf8/README.md:2: front matter is not valid UTF-8" --cases-root "$root" "$root/bad/not-utf8" unsafe
bad_case nul-byte '---\ntitle: T\x00\nexpect: data-race\n---\n'
refused nul-byte 2 "bad/nul-byte/README.md:2: NUL byte in front matter" --cases-root "$root" "$root/bad/nul-byte" unsafe
bad_case huge '---\ntitle: T\nexpect: data-race\n---\n'
head -c 2000000 /dev/zero | tr '\0' 'x' >>"$root/bad/huge/README.md"
refused huge 2 "bad/huge/README.md: file is larger than 1 MiB" --cases-root "$root" "$root/bad/huge" unsafe
bad_case no-readme ''
rm "$root/bad/no-readme/README.md"
refused no-readme 2 "bad/no-readme/README.md: missing" --cases-root "$root" "$root/bad/no-readme" unsafe

# Variant files: missing, a folder, a dangling link, unreadable.
bad_case no-unsafe "$(cat "$good/README.md")\n"
rm "$root/bad/no-unsafe/unsafe.c"
refused no-unsafe 2 "bad/no-unsafe/unsafe.c: missing" --cases-root "$root" "$root/bad/no-unsafe" unsafe
bad_case folder-safe "$(cat "$good/README.md")\n"
rm "$root/bad/folder-safe/safe.c" && mkdir "$root/bad/folder-safe/safe.c"
refused folder-safe 2 "bad/folder-safe/safe.c: missing" --cases-root "$root" "$root/bad/folder-safe" safe
bad_case dangling "$(cat "$good/README.md")\n"
rm "$root/bad/dangling/safe.c" && ln -s "$root/bad/nowhere.c" "$root/bad/dangling/safe.c"
refused dangling 2 "bad/dangling/safe.c: missing" --cases-root "$root" "$root/bad/dangling" safe
if [ "$(id -u)" != 0 ]; then
  bad_case unreadable "$(cat "$good/README.md")\n"
  chmod 000 "$root/bad/unreadable/safe.c"
  refused unreadable 2 "bad/unreadable/safe.c: cannot read: Permission denied" --cases-root "$root" "$root/bad/unreadable" safe
  chmod 644 "$root/bad/unreadable/safe.c"
else
  echo "note: running as root, which reads any file: the unreadable-file check is skipped"
fi

# Case paths: outside the cases root, a bad folder name, no folder at all.
mkdir -p "$SCRATCH/elsewhere/bad/good"
cp "$good"/* "$SCRATCH/elsewhere/bad/good/"
refused outside-root 2 "elsewhere/bad/good: not a case folder under the cases root" --cases-root "$root" "$SCRATCH/elsewhere/bad/good" unsafe
refused default-root 2 "not a case folder under the cases root" "$good" unsafe
refused root-missing 2 "$SCRATCH/no-root: cases root: No such file or directory" --cases-root "$SCRATCH/no-root" "$good" unsafe
mkdir -p "$root/Bad/good" && cp "$good"/* "$root/Bad/good/"
refused bad-name 2 "topic and name must be lowercase words" --cases-root "$root" "$root/Bad/good" unsafe
refused no-folder 2 "bad/nothing-here: no such case folder" --cases-root "$root" "$root/bad/nothing-here" unsafe

# Compilers: RACEKIT_CC that does not exist is a mistake (2); a detector
# whose compiler is not installed is a skip (77) naming its package.
RACEKIT_CC=/nonexistent/clang-99 refused bad-cc 2 "RACEKIT_CC=/nonexistent/clang-99: no such compiler" --cases-root "$root" "$good" unsafe
if ! command -v clang-19 >/dev/null; then
  refused no-clang-19 77 "clang-19" --detector tsan-clang19 --cases-root "$root" "$good" unsafe
fi

# A results directory that cannot be written: "results" is a file.
mkdir -p "$SCRATCH/ro-build"
touch "$SCRATCH/ro-build/results"
RACEKIT_BUILD_DIR="$SCRATCH/ro-build" refused results-file 2 "ro-build/results/tsan/bad/good: cannot write results here: Not a directory" --cases-root "$root" "$good" unsafe
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$SCRATCH/ro2-build/results" && chmod 555 "$SCRATCH/ro2-build/results"
  RACEKIT_BUILD_DIR="$SCRATCH/ro2-build" refused results-readonly 2 "cannot write results here: Permission denied" --cases-root "$root" "$good" unsafe
  chmod 755 "$SCRATCH/ro2-build/results"
fi

# None of it touched the good case's result; the good case still passes.
cmp -s "$SCRATCH/results/tsan/bad/good/unsafe.json" "$SCRATCH/good-before.json" || fail "the good case's result changed"
run_check --quiet --cases-root "$root" "$good" unsafe
expect_status 0
finish
