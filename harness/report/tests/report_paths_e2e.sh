#!/usr/bin/env bash
# report_paths_e2e.sh - no absolute path in any report (issue 21, point 3),
# on the result files of real runs: racekit check of fixture cases below
# the root (a race, a build error, a hang with gdb's stacks), an exercise
# folder outside it, and an explore result; reported with a relative
# --root, from two working folders.
#
#     report_paths_e2e.sh <racekit> <repository-root> <scratch-dir>
set -u
racekit=$1 root=$2 work=$3
src="$root/harness/report/tests/data/report/src"
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
rm -rf "$work" && mkdir -p "$work"
work=$(cd "$work" && pwd -P)
cd "$work" || exit 1
export RACEKIT_BUILD_DIR="$work/build"
# The exercise must lie outside the root even when the build folder is
# inside it (build-asan/ in ci/asan.sh).
outside=$(mktemp -d "${TMPDIR:-/tmp}/report-paths.XXXXXX") || exit 1
outside=$(cd "$outside" && pwd -P)
trap 'rm -rf "$outside"' EXIT

for spec in "basics/tally unsafe" "build/typo safe" "deadlock/stuck unsafe"; do
  "$racekit" check --cases-root "$src" "$src/${spec% *}" "${spec#* }" >/dev/null 2>&1
done
"$racekit" exercise basics/counter "$outside/class/counter" >/dev/null 2>&1 &&
  "$racekit" check "$outside/class/counter" safe >/dev/null 2>&1
"$racekit" explore --cases-root "$src" deadlock/stuck unsafe >/dev/null 2>&1
[ "$(find build/results -name '*.json' | wc -l)" -eq 6 ] ||
  fail "the runs did not leave 6 result files (basics/counter safe: the exercise's reference): $(find build/results -name '*.json')"
# The result files themselves do hold this machine's paths (else the test
# proves nothing).
grep -rqF "$root/" build/results && grep -rqF "$outside/" build/results ||
  fail "the result files hold neither the source nor the scratch folder"

# A relative root, from the root and from below it.
(cd "$root" && "$racekit" report --format all --root . -o "$work/r1" "$work/build/results" >/dev/null) ||
  fail "report --root . failed"
(cd "$root/harness" && "$racekit" report --format all --root .. -o "$work/r2" "$work/build/results" >/dev/null) ||
  fail "report --root .. failed"
for r in r1 r2; do
  hits=$(grep -rnF -e "$root/" -e "$work/" -e "$outside/" "$r" | head -5)
  [ -z "$hits" ] || fail "$r: absolute paths of this machine in the reports:
$hits"
  # any other absolute path with two names or more (e.g. /usr/lib/...)
  other=$(grep -rnoE '(^|[] ("=:(,[])/[A-Za-z0-9._+-]+/[A-Za-z0-9._+/-]+' "$r" | grep -v '//' | head -5)
  [ -z "$other" ] || fail "$r: absolute paths in the reports:
$other"
done
cmp -s r1/report.json r2/report.json || fail "the JSON depends on the working folder"
python3 - r1 <<'EOF' || fail "the reports do not show paths relative to the root"
import json, sys
d = sys.argv[1]
j = json.load(open(d + '/report.json'))
s = json.load(open(d + '/report.sarif'))
md, txt = open(d + '/report.md').read(), open(d + '/report.txt').read()
sources = {r['case'] + '/' + r['variant']: r['source'] for t in j['detectors'] for r in t['rows']}
assert sources['basics/tally/unsafe'] == 'harness/report/tests/data/report/src/basics/tally/unsafe.c', sources
assert j['exercises'][0]['rows'][0]['source'] == '…/safe.c', j['exercises']
assert j['paths_shortened'] > 0, j['paths_shortened']
# the compiler's message names the file below the root, relative
assert 'harness/report/tests/data/report/src/build/typo/safe.c:' in md, md
assert "Paths outside the root (…/<file>) are shortened to the file's name." in txt, txt
def uris(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == 'uri':
                yield v
            else:
                yield from uris(v)
    elif isinstance(o, list):
        for v in o:
            yield from uris(v)
u = list(uris(s['runs']))
assert u and not [x for x in u if x.startswith('file:') or x.startswith('/')], u
assert 'harness/report/tests/data/report/src/build/typo/safe.c' in u, u
EOF

[ $failures -eq 0 ] && echo "report paths e2e: all checks passed"
[ $failures -eq 0 ]
