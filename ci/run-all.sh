#!/bin/bash
# ci/run-all.sh - the README's first command: install what is missing, build,
# run every case (both variants) and end with the per-case table. Reports in
# every format are written to build/reports/. Exit status 0 when every
# variant got its expected verdict.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build"
cd "$root" || exit 1

"$root/ci/install-deps.sh" || exit 1
cmake --preset default >/dev/null || exit 1
cmake --build --preset default || exit 1

# Results of this run only: a deleted case must not linger in the reports.
rm -rf "$build/results"
ctest --test-dir "$build" -L '^(unsafe|safe)$' -j "$(nproc)" --output-on-failure >"$build/run-all.log" 2>&1
status=$?
grep -E '^ *[0-9]+/[0-9]+ Test|tests passed|FAILED|Failed' "$build/run-all.log" | tail -n 3

"$build/racekit" report --format all -o "$build/reports" "$build/results" || status=1
echo
"$build/racekit" report "$build/results" || status=1
echo
echo "Full log: $build/run-all.log"
exit $status
