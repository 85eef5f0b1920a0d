#!/usr/bin/env bash
# report_sections_e2e.sh - every result in every format (issue 21, point 1)
# and exercise results kept out of the corpus (issue 20, point 7), on the
# fixtures of data/report/: the passing cases of clean/, the explore
# results and the exercise result of sections/ (README.md there).
#
#     report_sections_e2e.sh <racekit> <repository-root> <scratch-dir>
set -u
racekit=$1 root=$2 work=$3
data="$root/harness/report/tests/data/report"
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
rm -rf "$work" && mkdir -p "$work"
cd "$work" || exit 1

# Each report of a results folder, into <name>/.
reports() { "$racekit" report --format all --root "$root" -o "$1" "$2" >/dev/null 2>"$1.err" || fail "report $2: $(cat "$1.err")"; }
# A Python assertion on the reports of folder $1 (j: JSON, x: JUnit root,
# s: SARIF, md: Markdown, txt: table, html: HTML).
check() {
  local dir=$1 what=$2; shift 2
  python3 - "$dir" "$@" <<EOF || fail "$what"
import json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
j = json.load(open(d + '/report.json'))
s = json.load(open(d + '/report.sarif'))
x = ET.parse(d + '/report.junit.xml').getroot()
md = open(d + '/report.md').read()
txt = open(d + '/report.txt').read()
html = open(d + '/report.html').read()
results = [r for run in s['runs'] for r in run['results']]
$(cat)
EOF
}

# 1. The passing cases and a passing explore result: everything green.
mkdir -p pass && cp -r "$data/clean/." pass/ && cp -r "$data/sections/pass/." pass/
reports pass-r pass
check pass-r "a passing explore result is not a failure in some format" <<'EOF'
assert '❌' not in md and '## racekit: explored schedules' in md, md
assert x.get('failures') == '0' and x.get('errors') == '0', x.attrib
assert [t.get('name') for t in x] == ['tsan', 'explore'], [t.get('name') for t in x]
assert results == [], results
assert j['explore']['passed'] == 1 and j['explore']['failed'] == 0, j['explore']
assert 'explored schedules: 1 variants, 1 as expected, 0 not, 0 not judged, 0 errors' in txt, txt
EOF

# 2. One failing explore result flips every format, and the corpus's
#    numbers stay the corpus's.
mkdir -p fail && cp -r pass/. fail/ && cp -r "$data/sections/fail/." fail/
reports fail-r fail
check fail-r "one failing explore result did not reach every format" <<'EOF'
assert '| ❌ | deadlock/stuck | hang | hang | FAIL |' in md, md
assert '- **deadlock/stuck/safe**: schedule 1 of the safe variant failed: the threads deadlocked' in md, md
assert 'replay: racekit replay deadlock/stuck safe --schedule 0:1,1:3' in md, md
assert x.get('failures') == '1', x.attrib
suite = [t for t in x if t.get('name') == 'explore'][0]
assert suite.get('tests') == '2' and suite.get('failures') == '1', suite.attrib
bad = [c for c in suite if c.find('failure') is not None]
assert [c.get('name') for c in bad] == ['deadlock/stuck/safe'], [c.get('name') for c in bad]
assert len(results) == 1, results
r = results[0]
assert r['level'] == 'error' and r['properties']['case'] == 'deadlock/stuck', r
assert r['properties']['variant'] == 'safe', r
uri = r['locations'][0]['physicalLocation']['artifactLocation']['uri']
assert uri == 'harness/report/tests/data/report/src/deadlock/stuck/safe.c', uri
runs = [run['automationDetails']['id'] for run in s['runs']]
assert runs == ['racekit/tsan/', 'racekit/explore/'], runs
e = j['explore']
assert (e['variants'], e['passed'], e['failed']) == (2, 1, 1), e
row = [r for r in e['rows'] if r['variant'] == 'safe'][0]
assert row['verdict'] == 'fail' and row['replay'].startswith('racekit replay deadlock/stuck safe --schedule'), row
t = j['detectors'][0]
assert (t['detector'], t['false_alarms'], t['missed'], t['errors']) == ('tsan', 0, 0, 0), t
assert 'FAIL' in txt and 'explored schedules: 2 variants, 1 as expected, 1 not, 0 not judged, 0 errors' in txt, txt
assert '3 cases: 3/3 unsafe as expected, 0 false alarms, 0 missed, 0 errors' in txt, txt
EOF
# A damaged explore result is an error of the explore section in every format.
mkdir -p damaged && cp -r fail/. damaged/ && mkdir -p damaged/explore/zz/cut &&
  printf '{"case": "zz/cut"' >damaged/explore/zz/cut/unsafe.json
"$racekit" report --format all --root "$root" -o damaged-r damaged >/dev/null 2>&1
[ $? -eq 2 ] || fail "a damaged explore result: want exit status 2"
check damaged-r "a damaged explore result is not an error of the explore section" <<'EOF'
assert j['explore']['unreadable_files'] == 1 and j['detectors'][0]['unreadable_files'] == 0, j
suite = [t for t in x if t.get('name') == 'explore'][0]
assert suite.get('errors') == '1', suite.attrib
assert 'explored schedules: 2 variants, 1 as expected, 1 not, 0 not judged, 1 errors' in txt, txt
EOF

# 3. An exercise's result (a student's repair that still races) has its
#    own section: not a false alarm of the corpus.
mkdir -p class && cp -r "$data/clean/." class/ && cp -r "$data/sections/exercise/." class/
reports class-r class
check class-r "an exercise result counted in the corpus" <<'EOF'
t = j['detectors'][0]
assert (t['cases'], t['false_alarms'], t['FP'], t['TN']) == (3, 0, 0, 3), t
ex = j['exercises'][0]
assert (ex['detector'], ex['variants'], ex['failed']) == ('tsan', 1, 1), ex
assert ex['rows'][0]['case'] == 'homework/counter' and ex['rows'][0]['source'] == '…/safe.c', ex['rows'][0]
assert '3 cases: 3/3 unsafe as expected, 0 false alarms, 0 missed, 0 errors' in txt, txt
assert 'tsan exercises' in txt and 'exercises: 1 results, 0 passed, 1 failed, 0 not judged' in txt, txt
assert '## racekit: tsan exercises' in md and '| ❌ | homework/counter |' in md, md
suite = [t for t in x if t.get('name') == 'exercises.tsan'][0]
assert suite.get('failures') == '1', suite.attrib
assert [t for t in x if t.get('name') == 'tsan'][0].get('failures') == '0'
runs = [run['automationDetails']['id'] for run in s['runs']]
assert runs == ['racekit/tsan/', 'racekit/exercises.tsan/'], runs
# HTML: a section of its own, in the overview, its case linked to its own
# details (not to the corpus's tsan section), and no detector metrics.
sec = html[html.index('<section id="exercises.tsan">'):]
sec = sec[:sec.index('</section>')]
assert '<h2>tsan exercises' in sec and 'exercises: 1 results, 0 passed, 1 failed, 0 not judged' in sec, sec[:400]
assert 'href="#exercises.tsan/homework/counter"' in sec and 'id="exercises.tsan/homework/counter" open' in sec, sec[:2000]
assert 'class="metrics"' not in sec, 'detector metrics in the exercise section'
assert '<li><a href="#exercises.tsan">tsan exercises</a>' in html, html[:3000]
EOF
# A result file written before the field: its source's folder holds exercise.txt.
mkdir -p old/tsan/homework/counter course/homework/counter && touch course/homework/counter/exercise.txt
python3 - "$data/sections/exercise/tsan/homework/counter/safe.json" old/tsan/homework/counter/safe.json \
  "$work/course/homework/counter/safe.c" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
del d['exercise']
d['source'] = sys.argv[3]
json.dump(d, open(sys.argv[2], 'w'))
EOF
"$racekit" report --format json --root "$root" old >old.json || fail "report of an old exercise result failed"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["detectors"] == [] and j["exercises"][0]["failed"] == 1, j' old.json ||
  fail "an exercise result without the field is not known by its exercise.txt"

# 4. Any subfolder of a results folder: the levels it lacks come from its path.
mkdir -p all && cp -r fail/. all/ && cp -r "$data/sections/exercise/." all/
"$racekit" report --root "$root" all >all.txt || fail "report of the whole folder failed"
"$racekit" report --root "$root" all/tsan/homework >homework.txt || fail "report of all/tsan/homework failed"
grep -q '^homework/counter ' homework.txt && ! grep -q '^basics/tally' homework.txt ||
  fail "report of all/tsan/homework: $(cat homework.txt)"
grep -qx 'exercises: 1 results, 0 passed, 1 failed, 0 not judged' homework.txt || fail "no exercise totals: $(cat homework.txt)"
"$racekit" report --root "$root" all/tsan >tsan.txt || fail "report of all/tsan failed"
grep -q '^3 cases: 3/3 unsafe as expected' tsan.txt && grep -q '^homework/counter ' tsan.txt ||
  fail "report of all/tsan: $(cat tsan.txt)"
"$racekit" report --root "$root" all/explore >explore.txt || fail "report of all/explore failed"
grep -qx 'explored schedules: 2 variants, 1 as expected, 1 not, 0 not judged, 0 errors' explore.txt ||
  fail "report of all/explore: $(cat explore.txt)"
"$racekit" report --root "$root" all/tsan/basics/tally >tally.txt || fail "report of a case folder failed"
grep -qx '1 cases: 1/1 unsafe as expected, 0 false alarms, 0 missed, 0 errors' tally.txt || fail "report of a case folder: $(cat tally.txt)"
# A misplaced file is still named, whatever folder is given.
mkdir -p moved/tsan/basics/other && cp all/tsan/basics/tally/safe.json moved/tsan/basics/other/
"$racekit" report --root "$root" moved/tsan/basics >/dev/null 2>moved.err
grep -q 'its fields name tsan/basics/tally/safe but the file sits at tsan/basics/other/safe.json' moved.err ||
  fail "a misplaced file in a subfolder: $(cat moved.err)"

[ $failures -eq 0 ] && echo "report sections e2e: all checks passed"
[ $failures -eq 0 ]
