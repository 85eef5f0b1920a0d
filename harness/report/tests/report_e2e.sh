#!/usr/bin/env bash
# report_e2e.sh - `racekit report` end to end on the fixture results
# (data/report/): every format against its golden file, the outputs checked
# by independent parsers, damaged result files, colour rules, and the two
# invocations of ci/run-all.sh.
#
#     report_e2e.sh <racekit> <repository-root> <scratch-dir>
#
# RACEKIT_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
set -u
racekit=$1 root=$2 work=$3
data="$root/harness/report/tests/data/report"
here="$(cd "$(dirname "$0")" && pwd)"
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
formats=(report.txt report.md report.json report.junit.xml report.sarif report.html)
cases=(basics/tally basics/broken-fix basics/silent build/typo deadlock/stuck invariants/balance limits/blind-spot)

rm -rf "$work" && mkdir -p "$work"
cd "$work" || exit 1

# 1. Golden files: --format all, from a relative results path so no
#    absolute path of this machine can reach the output.
cp -r "$data/results" results
"$racekit" report --format all --root "$root" -o all results >all.out 2>all.err
rc=$?
[ $rc -eq 0 ] || fail "report --format all exited $rc: $(cat all.err)"
[ -s all.err ] && fail "report --format all printed on stderr: $(cat all.err)"
printf 'wrote all/%s\n' "${formats[@]}" | diff -u - all.out >/dev/null || fail "--format all did not print the paths: $(cat all.out)"
for f in "${formats[@]}"; do
  if [ "${RACEKIT_UPDATE_GOLDEN:-}" = 1 ]; then
    mkdir -p "$data/golden" && cp "all/$f" "$data/golden/$f"
  elif ! diff -u "$data/golden/$f" "all/$f" >"diff-$f"; then
    fail "$f differs from its golden file:"; head -40 "diff-$f"
  fi
done

# 2. Each format alone, on stdout, is the same document; the table is not
#    coloured when stdout is not a terminal.
for spec in table:report.txt markdown:report.md json:report.json junit:report.junit.xml \
            sarif:report.sarif html:report.html; do
  "$racekit" report --format "${spec%%:*}" --root "$root" results >one.out 2>&1 ||
    fail "--format ${spec%%:*} exited non-zero"
  cmp -s one.out "all/${spec#*:}" || fail "--format ${spec%%:*} on stdout differs from all/${spec#*:}"
done
"$racekit" report --root "$root" results >table.out || fail "the default format exited non-zero"
cmp -s table.out all/report.txt || fail "the default format is not the table"
grep -q $'\033' all/report.txt table.out && fail "colour escapes in a file or a pipe"

# 3. Independent parsers: XML, SARIF 2.1.0 fields and locations, JSON, HTML.
python3 "$here/report_validate.py" all "$root" "${cases[@]/#/tsan/}" tsan-gcc/basics/tally ||
  fail "the outputs do not validate"
# --sarif-expected adds the passing unsafe variants' expected reports as notes.
"$racekit" report --format sarif --sarif-expected --root "$root" results >expected.sarif ||
  fail "--sarif-expected exited non-zero"
python3 - expected.sarif <<'EOF' || fail "--sarif-expected did not add the expected reports as notes"
import json, sys
run = json.load(open(sys.argv[1]))['runs'][0]
notes = [r for r in run['results'] if r['ruleId'] == 'racekit/expected']
cases = sorted(r['properties']['case'] for r in notes)
assert all(r['level'] == 'note' for r in notes), notes
assert cases == ['basics/broken-fix', 'basics/tally', 'build/typo'], cases
assert len(run['results']) == len(notes) + 3  # the failures stay errors
EOF
grep -q '<script>alert(1)' all/report.html all/report.md all/report.junit.xml &&
  fail "the program's <script> reached a markup output unescaped"
# HTML highlights mean one thing each: the race line (tally's unsafe.c:12)
# is "hit", the line that creates the threads (racekit_run, :20) "ctx", the
# compiler's error (typo's safe.c:14) and the wait of a hang (stuck's
# unsafe.c:14) "stop"; the reason column holds the failing variant's reason.
python3 - all/report.html <<'EOF' || fail "the HTML highlights or reasons are not what they mean"
import re, sys
page = open(sys.argv[1], encoding='utf-8').read()
def marks(case, side):
    sec = re.search(r'<details class="case" id="tsan/%s".*?</details>' % case, page, re.S).group(0)
    out = {}
    for row in re.findall(r'<tr>(.*?)</tr>', sec):
        cells = re.findall(r'<td class="ln ?([a-z]*)">(\d*)</td>', row)
        if len(cells) == 2 and cells[side][1]:
            out[int(cells[side][1])] = cells[side][0]
    return out
tally = marks('basics/tally', 0)
assert tally[12] == 'hit' and tally[20] == 'ctx', tally
assert [n for n, m in tally.items() if m == 'hit'] == [12], tally
assert marks('build/typo', 1)[14] == 'stop', marks('build/typo', 1)
assert marks('deadlock/stuck', 0)[14] == 'stop', marks('deadlock/stuck', 0)
row = re.search(r'<a href="#tsan/basics/silent">.*?</tr>', page).group(0)
assert 'unsafe: expected a data-race report, but the run was clean' in row, row
EOF

# 4. Colour: only on a terminal, and never with NO_COLOR set.
if command -v script >/dev/null; then
  script -qec "'$racekit' report --root '$root' results" /dev/null >tty.out 2>&1
  grep -q $'\033\\[31;1mFAIL' tty.out || fail "no colour on a terminal"
  NO_COLOR=1 script -qec "'$racekit' report --root '$root' results" /dev/null >tty-nc.out 2>&1
  grep -q $'\033' tty-nc.out && fail "colour on a terminal despite NO_COLOR"
else
  echo "note: no 'script' command, the terminal colour checks are skipped"
fi

# 5. Damaged result files: one line each, counted as errors, the rest still
#    reported in every format (and JUnit still parses).
cp -r results bad
mkdir -p bad/tsan/zz/notjson bad/tsan/zz/nofield bad/tsan/zz/cut
printf 'this is not JSON\n' >bad/tsan/zz/notjson/unsafe.json
python3 - bad/tsan/basics/tally/safe.json bad/tsan/zz/nofield/safe.json <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d['case'] = 'zz/nofield'
del d['outcome']
json.dump(d, open(sys.argv[2], 'w'))
EOF
head -c 300 bad/tsan/basics/tally/unsafe.json >bad/tsan/zz/cut/unsafe.json
"$racekit" report --root "$root" bad >bad.out 2>bad.err
rc=$?
[ $rc -eq 2 ] || fail "damaged result files: exit status $rc, want 2"
[ "$(wc -l <bad.err)" -eq 3 ] || fail "damaged result files: want 3 lines on stderr, got: $(cat bad.err)"
grep -qx "racekit: bad/tsan/zz/notjson/unsafe.json:1: not valid JSON: unexpected 't' (a value must start with '{', '\[', '\"', a digit, '-', true, false or null) (byte 0)" bad.err ||
  fail "no line for the file that is not JSON: $(cat bad.err)"
grep -qx "racekit: bad/tsan/zz/nofield/safe.json: missing required field 'outcome'" bad.err ||
  fail "no line for the file without outcome: $(cat bad.err)"
grep -q "^racekit: bad/tsan/zz/cut/unsafe.json:[0-9]*: not valid JSON: unterminated string\|^racekit: bad/tsan/zz/cut/unsafe.json:[0-9]*: not valid JSON: expected" bad.err ||
  fail "no line for the truncated file: $(cat bad.err)"
for c in "${cases[@]}"; do
  grep -q "^$c " bad.out || fail "case $c is missing from the table when other files are damaged"
done
grep -qx "7 cases: 6/7 unsafe as expected, 1 false alarms, 1 missed, 4 errors" bad.out ||
  fail "the damaged files are not counted as errors: $(grep cases: bad.out)"
"$racekit" report --format all --root "$root" -o bad-all bad >/dev/null 2>&1
[ $? -eq 2 ] || fail "--format all with damaged files should exit 2"
[ "$(ls bad-all | wc -l)" -eq 6 ] || fail "--format all with damaged files did not write every report"
python3 -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); sys.exit(0 if len(d.getElementsByTagName("error")) == 4 else 1)' \
  bad-all/report.junit.xml || fail "JUnit of damaged files does not parse or lacks an <error> per damaged file"

# 6. The two calls of ci/run-all.sh, on a build tree.
mkdir -p build && cp -r results build/results
"$racekit" report --format all -o "build/reports" "build/results" >run-all.out 2>&1 ||
  fail "ci/run-all.sh's first call failed: $(cat run-all.out)"
for f in "${formats[@]}"; do
  [ -s "build/reports/$f" ] || fail "build/reports/$f was not written"
  grep -qx "wrote build/reports/$f" run-all.out || fail "the path of build/reports/$f was not printed"
done
"$racekit" report "build/results" >run-all-table.out 2>&1 || fail "ci/run-all.sh's table call failed"
grep -q "^7 cases: " run-all-table.out || fail "ci/run-all.sh's table has no totals line"

# 7. Bad usage: one line, status 2.
expect_usage() {
  local want=$1; shift
  "$racekit" report "$@" >usage.out 2>usage.err
  local rc=$?
  [ $rc -eq 2 ] || fail "report $*: exit status $rc, want 2"
  grep -q -- "$want" usage.err || fail "report $*: want '$want' on stderr, got: $(cat usage.err)"
}
mkdir -p empty
expect_usage "report: expected <results-dir>..., got 0 operands (see $racekit report --help)" --format table
expect_usage "report: --format: expected one of table, markdown, json, junit, sarif, html, all, got 'pdf'" --format pdf results
expect_usage "name their folder with -o DIR" --format all results
expect_usage "empty: no result files" empty
expect_usage "nowhere: No such file or directory" nowhere
expect_usage "unknown option '--colour'" --colour results

[ $failures -eq 0 ] && echo "report e2e: all checks passed"
[ $failures -eq 0 ]
