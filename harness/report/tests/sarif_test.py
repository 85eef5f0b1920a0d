#!/usr/bin/env python3
"""racekit's SARIF as GitHub code scanning documents it, on the fixture
results (data/report/): every file valid against the official SARIF 2.1.0
schema (data/sarif/, checked with python3-jsonschema), fingerprints that
stay when the checkout moves or lines shift, results at their own line and
column, related locations labelled and not repeated, the compiler's message
in a build error, a missed case on its race line, a hang on its wait line
(an explored deadlock on its blocked thread's line), a notification per unreadable result file, and no absolute path.

    sarif_test.py <racekit> <repository-root> <scratch-dir>

Exits 0 when every check passes, 1 with a line per failure, 77 (skipped)
when the jsonschema module is absent.
"""
import copy
import json
import os
import shutil
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print('SKIP: python3-jsonschema is not installed (ci/install-deps.sh installs it)')
    sys.exit(77)

racekit, root, work = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
data = os.path.join(root, 'harness/report/tests/data')
failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL ' + msg)


def report(results, report_root, *flags, status=0):
    """racekit report --format sarif, parsed; the exit status checked."""
    dirs = results.split()  # several folders: their results merged
    p = subprocess.run([racekit, 'report', '--format', 'sarif', '--root', report_root, *flags, *dirs],
                       cwd=work, capture_output=True, text=True)
    if p.returncode != status:
        fail('report %s %s: exit status %d, want %d: %s' % (' '.join(flags), results, p.returncode, status,
                                                           p.stderr))
    return json.loads(p.stdout) if p.stdout else {'runs': []}


def results_of(log, case, variant):
    return [r for run in log['runs'] for r in run['results']
            if r['properties']['case'] == case and r['properties']['variant'] == variant]


def region(loc):
    return loc['physicalLocation'].get('region', {})


def prints(log):
    return sorted((r['properties']['case'], r['properties']['variant'], r['ruleId'],
                   r['partialFingerprints']['racekitFinding/v1']) for run in log['runs'] for r in run['results'])


# The fixtures, in a scratch copy the checks below may change.
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
shutil.copytree(os.path.join(data, 'report/results'), os.path.join(work, 'results'))

# A hang without a line in its reason: deadlock/stuck's unsafe run made a
# failure, so the result must find the wait in the thread stacks.
stuck = os.path.join(work, 'results/tsan/deadlock/stuck/unsafe.json')
with open(stuck) as f:
    row = json.load(f)
row['verdict'], row['reason'] = 'fail', 'the run hung: still blocked after 1 s, killed'
with open(stuck, 'w') as f:
    json.dump(row, f)

# 1. Valid against the schema: the fixtures, with --sarif-expected, and
#    with unreadable result files.
with open(os.path.join(data, 'sarif/sarif-schema-2.1.0.json')) as f:
    schema = json.load(f)
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
logs = {'plain': report('results', root), 'expected': report('results', root, '--sarif-expected')}
shutil.copytree(os.path.join(work, 'results'), os.path.join(work, 'bad'))
for name in ('notjson', 'cut'):
    os.makedirs(os.path.join(work, 'bad/tsan/zz', name))
with open(os.path.join(work, 'bad/tsan/zz/notjson/unsafe.json'), 'w') as f:
    f.write('this is not JSON\n')
with open(os.path.join(work, 'bad/tsan/zz/cut/safe.json'), 'w') as f:
    f.write('{"schema": 1, "case": "zz/cut"')
logs['damaged'] = report('bad', work, status=2)  # the result files below the root
for name, log in logs.items():
    for e in validator.iter_errors(log):
        fail('%s: not valid SARIF 2.1.0: %s at %s' % (name, e.message, '/'.join(map(str, e.absolute_path))))
broken = copy.deepcopy(logs['plain'])
broken['runs'][0]['results'][0]['locations'][0]['physicalLocation']['region']['startLine'] = 0
if not list(validator.iter_errors(broken)):
    fail('the schema check accepts a startLine of 0: it checks nothing')

log = logs['plain']
text = json.dumps(log)
if root in text or 'file://' in text:
    fail('an absolute path in the SARIF')

# 2. The run: informationUri, %SRCROOT% declared without a machine's path,
#    a successful invocation.
for run in log['runs']:
    driver = run['tool']['driver']
    if not driver.get('informationUri', '').startswith('https://'):
        fail('run %s: no informationUri on the driver' % run['automationDetails']['id'])
    base = run.get('originalUriBaseIds', {}).get('%SRCROOT%')
    if base is None or 'uri' in base:
        fail('run %s: %%SRCROOT%% should be declared, without an absolute uri: %r' % (
            run['automationDetails']['id'], base))
    if run.get('invocations') != [{'executionSuccessful': True}]:
        fail('run %s: invocations %r, want one successful' % (run['automationDetails']['id'],
                                                             run.get('invocations')))

# 3. A race: at the access's own line and column; the other stacks related,
#    each labelled, each place once; the second access joins the first's
#    label, since both are on line 16.
race = results_of(log, 'basics/broken-fix', 'safe')
if len(race) != 1:
    fail('basics/broken-fix/safe: %d results, want 1' % len(race))
else:
    race = race[0]
    loc = race['locations'][0]
    if region(loc) != {'startLine': 16, 'startColumn': 11}:
        fail('the race is at %r, want line 16 column 11 (TSan: safe.c:16:11)' % region(loc))
    if loc.get('message', {}).get('text') != 'write by thread T2; write by thread T1 (in bump)':
        fail('the race location says %r' % loc.get('message'))
    related = race.get('relatedLocations', [])
    places = [(r['physicalLocation']['artifactLocation']['uri'], region(r)['startLine']) for r in related]
    if len(set(places)) != len(places) or (loc['physicalLocation']['artifactLocation']['uri'], 16) in places:
        fail('related locations repeat a place: %r' % places)
    labels = [r['message']['text'] for r in related]
    want = ['mutex M0 created (in bump)',
            'thread T2 created by the main thread; thread T1 created by the main thread (in main)']
    if labels != want:
        fail('related labels %r, want %r' % (labels, want))
    if [r['id'] for r in related] != list(range(1, len(related) + 1)):
        fail('related location ids are not 1..n: %r' % [r['id'] for r in related])

# 4. Failures without a report: the compiler's message at its column, a
#    missed race on its `// RACE` line (not line 1), a hang on the wait.
typo = results_of(log, 'build/typo', 'safe')
if not typo or "safe.c:14:15: error: expected ';' after expression" not in typo[0]['message']['text']:
    fail("build/typo/safe: the compiler's message is not in the result: %r" % typo)
elif region(typo[0]['locations'][0]) != {'startLine': 14, 'startColumn': 15}:
    fail('build/typo/safe: at %r, want the compiler\'s 14:15' % region(typo[0]['locations'][0]))
silent = results_of(log, 'basics/silent', 'unsafe')
if not silent or region(silent[0]['locations'][0]).get('startLine') != 15:
    fail('basics/silent/unsafe (missed): want its // RACE line 15: %r' % silent)
hang = results_of(log, 'deadlock/stuck', 'unsafe')
if not hang or region(hang[0]['locations'][0]).get('startLine') != 14:
    fail('deadlock/stuck/unsafe (hang): want the wait at line 14, not main\'s racekit_run: %r' % hang)

# An explored deadlock whose reason names no line: at the line where a
# thread other than main is blocked (its deadlock line), not line 1.
shutil.copytree(os.path.join(data, 'html/results'), os.path.join(work, 'explored'))
deadlock = os.path.join(work, 'explored/explore/deadlock/stuck/safe.json')
with open(deadlock) as f:
    row = json.load(f)
row['reason'] = 'schedule 1 of the safe variant failed: the threads deadlocked'
with open(deadlock, 'w') as f:
    json.dump(row, f)
explored = report('results explored', root)  # the check results give the source
for e in validator.iter_errors(explored):
    fail('explored: not valid SARIF 2.1.0: %s' % e.message)
blocked = results_of(explored, 'deadlock/stuck', 'safe')
if not blocked or region(blocked[0]['locations'][0]).get('startLine') != 11:
    fail('explored deadlock/stuck/safe: want the blocked line 11 (thread 1 blocked at safe.c:11): %r' % blocked)

# 5. Fingerprints: one per result, distinct in a run, the same when the
#    checkout is elsewhere and when a line is added above the finding.
for run in log['runs']:
    fps = [r.get('partialFingerprints', {}).get('racekitFinding/v1') for r in run['results']]
    if None in fps or len(set(fps)) != len(fps):
        fail('run %s: fingerprints missing or repeated: %r' % (run['automationDetails']['id'], fps))
moved = os.path.join(work, 'elsewhere')
shutil.copytree(os.path.join(data, 'report/src'), os.path.join(moved, 'harness/report/tests/data/report/src'))
shutil.copytree(os.path.join(root, 'include'), os.path.join(moved, 'include'))
if prints(report('results', moved)) != prints(log):
    fail('the fingerprints change when the checkout moves')
fix = os.path.join(moved, 'harness/report/tests/data/report/src/basics/broken-fix/safe.c')
with open(fix) as f:
    src = f.read()
with open(fix, 'w') as f:
    f.write('/* a line added above */\n' + src)
shifted = os.path.join(work, 'results/tsan/basics/broken-fix/safe.json')
with open(shifted) as f:
    row = json.load(f)
for rep in row['reports']:
    for frame in rep['accesses'] + rep['locations']:
        frame['line'] += 1
with open(shifted, 'w') as f:
    json.dump(row, f)
after = report('results', moved)
if prints(after) != prints(log):
    fail('the fingerprints change when a line is added above the finding')
moved_race = results_of(after, 'basics/broken-fix', 'safe')
if not moved_race or region(moved_race[0]['locations'][0]).get('startLine') != 17:
    fail('the shifted race is not at line 17: the fingerprint check tested nothing')

# 6. Unreadable result files: the invocation failed, a notification each.
for run in logs['damaged']['runs']:
    if run['automationDetails']['id'] != 'racekit/tsan/':
        continue
    inv = run.get('invocations', [{}])[0]
    notes = inv.get('toolExecutionNotifications', [])
    files = sorted(n['locations'][0]['physicalLocation']['artifactLocation']['uri'] for n in notes)
    if inv.get('executionSuccessful') is not False:
        fail('damaged: executionSuccessful should be false: %r' % inv)
    if files != ['bad/tsan/zz/cut/safe.json', 'bad/tsan/zz/notjson/unsafe.json']:
        fail('damaged: want a notification per unreadable file, got %r' % files)
    if not all(n['level'] == 'error' and n['message']['text'].startswith('bad/tsan/zz/') for n in notes):
        fail('damaged: notifications should be errors naming their file: %r' % notes)

if not failures:
    print('sarif: all checks passed')
sys.exit(1 if failures else 0)
