#!/bin/bash
# ci/catalogue-test.sh <racekit> <scratch> - what ci/catalogue.sh --check
# says of a student's tree (the test corpus/catalogue-student): on a copy of
# ci/, docs/ and cases/ with one case added, the README's test command's
# check passes with a note naming the case, --strict fails naming its row,
# and a row whose case changed fails either way.
set -u
racekit=$1 scratch=$2
root=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$scratch" && mkdir -p "$scratch" || exit 1
cp -r "$root/ci" "$root/docs" "$root/cases" "$scratch/" || exit 1
RACEKIT_SOURCE_DIR="$scratch" "$racekit" new --cases-root "$scratch/cases" queues/pop-empty --expect data-race >/dev/null ||
  fail "racekit new did not make the student's case"

out=$(bash "$scratch/ci/catalogue.sh" "$racekit" --check 2>&1) || fail "a student's new case failed the check: $out"
[[ $out == *"note: cases/queues/pop-empty is not in docs/catalogue.md yet"* ]] || fail "no note names the new case: $out"

out=$(bash "$scratch/ci/catalogue.sh" "$racekit" --check --strict 2>&1) && fail "--strict passed with a row missing: $out"
[[ $out == *"row missing: | [queues/pop-empty]"* ]] || fail "--strict did not name the missing row: $out"

sed -i 's/^title: .*/title: A counter renamed/' "$scratch/cases/basics/counter/README.md"
out=$(bash "$scratch/ci/catalogue.sh" "$racekit" --check 2>&1) && fail "a row out of date passed: $out"
[[ $out == *"row out of date: | [basics/counter]"*"A counter renamed"* ]] || fail "the stale row is not named: $out"
echo "catalogue: a new case is a note, --strict wants its row, a stale row fails"
