#!/bin/bash
# ci/detectors-doc.sh [--check] <build-dir> - docs/detectors.md from a real
# run of every detector.
#
# Without --check: fill the generated blocks of docs/detectors.md from the
# results of <build-dir> (its racekit and its results/ folder, written by
# the `all` workflow or any build with several RACEKIT_DETECTORS and
# RACEKIT_WITNESS_RUNS > 0):
#   cmake --workflow --preset all && ci/detectors-doc.sh build-all
# The comparison table comes from `racekit report --format json`, the
# overhead from the result files (each detector's run against the
# uninstrumented witness build of the same variant), the list of cases where
# the detectors disagree from the cases' front matter; the "why" of each
# case is kept from the doc (a new case gets a marker to replace).
#
# With --check: no detector runs; exit 1, naming each difference, unless the
# doc's list of disagreeing cases matches the front matter exactly (every
# expect.<detector> and false-alarm.<detector> key has its row and every row
# its keys) and each row says why. The test corpus/detectors runs this.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
check=0
if [ "${1:-}" = --check ]; then
  check=1
  shift
fi
if [ $# -ne 1 ] || [ ! -x "$1/racekit" ]; then
  echo "usage: ci/detectors-doc.sh [--check] <build-dir>   (a build folder holding racekit)" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
doc="$root/docs/detectors.md"
if [ $check = 1 ]; then
  exec python3 "$root/ci/detectors_doc.py" check "$build/racekit" "$doc"
fi
if [ ! -d "$build/results" ]; then
  echo "ci/detectors-doc.sh: $build/results: no results (run the tests first)" >&2
  exit 2
fi
exec python3 "$root/ci/detectors_doc.py" write "$build/racekit" "$build/results" "$doc"
