#!/usr/bin/env python3
"""The GitHub problem matcher (ci/github/racekit-matcher.json) against real
verdict lines: every FAIL line becomes one annotation with the test name as
its code and the verdict as its message, a path and line when the verdict
line carries them; no other line matches.

    matcher_test.py <matcher.json> <verdict-lines.json> [<racekit> <fixture-cases-dir> <scratch-dir>]

With a racekit, the fixture case basics/broken-fix is checked for real (its
safe variant fails) and the fresh verdict lines are matched too; exit status
77 of `racekit check` (no TSan) skips that part.

GitHub runs the regexp as a JavaScript RegExp; this test runs it with
Python's re, so the matcher keeps to the syntax both read the same way.
"""
import json
import os
import re
import subprocess
import sys

failures = 0


def fail(msg):
    global failures
    failures += 1
    print('FAIL ' + msg)


def load_pattern(path):
    matchers = json.load(open(path))['problemMatcher']
    if len(matchers) != 1 or len(matchers[0]['pattern']) != 1:
        fail('the matcher should be one single-line pattern')
    m = matchers[0]
    if not m.get('owner') or m.get('severity') not in ('error', 'warning'):
        fail('the matcher needs an owner and a severity')
    p = m['pattern'][0]
    # Constructs JavaScript and Python read differently, or only one reads.
    for bad in ('(?P', '(?<', '(?i', '(?s', '(?m', '\\A', '\\Z', '\\z', '(?#', '\\h'):
        if bad in p['regexp']:
            fail('the regexp uses %s, outside the JavaScript/Python common subset' % bad)
    return re.compile(p['regexp']), p


def capture(m, p, key):
    if key not in p:
        return None
    return m.group(p[key])


def check_line(rx, p, case):
    m = rx.search(case['line'])
    if 'code' not in case:
        if m:
            fail('matched a line that is not a failing verdict: %r' % case['line'])
        return
    if not m:
        fail('did not match: %r' % case['line'])
        return
    want = {'code': case['code'], 'message': case['message'], 'file': case.get('file'),
            'line': case.get('lineno')}
    for key, value in want.items():
        got = capture(m, p, key)
        if got != value:
            fail('%s of %r is %r, want %r' % (key, case['line'], got, value))


def live_lines(racekit, cases_dir, scratch):
    """Verdict lines of real runs: broken-fix's unsafe passes, its safe fails.
    The fixture cases are made the cases/ of a scratch source folder."""
    src = os.path.join(scratch, 'src')
    os.makedirs(src, exist_ok=True)
    link = os.path.join(src, 'cases')
    if not os.path.islink(link):
        os.symlink(os.path.abspath(cases_dir), link)
    env = dict(os.environ, RACEKIT_BUILD_DIR=os.path.join(scratch, 'build'), RACEKIT_SOURCE_DIR=src)
    lines = []
    for variant in ('unsafe', 'safe'):
        r = subprocess.run([racekit, 'check', 'basics/broken-fix', variant], env=env,
                           capture_output=True, text=True)
        if r.returncode == 77:
            return None
        if r.returncode not in (0, 1):
            fail('racekit check exited %d: %s' % (r.returncode, r.stderr.strip()))
        lines += r.stdout.splitlines()
    return lines


def main():
    rx, p = load_pattern(sys.argv[1])
    for case in json.load(open(sys.argv[2]))['lines']:
        check_line(rx, p, case)
    if len(sys.argv) > 3:
        lines = live_lines(*sys.argv[3:6])
        if lines is None:
            print('note: racekit check skipped (no TSan): live verdict lines not tested')
        else:
            fails = [l for l in lines if rx.search(l)]
            if len(fails) != 1 or rx.search(fails[0]).group(p['code']) != 'basics/broken-fix/safe':
                fail('live run: want exactly the failing safe variant matched, got %r of %r' % (fails, lines))
            elif not rx.search(fails[0]).group(p['message']).startswith(
                    'basics/broken-fix/safe: ThreadSanitizer reported data-race'):
                fail('live run: message is %r' % rx.search(fails[0]).group(p['message']))
    if failures == 0:
        print('matcher: all checks passed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
