#!/usr/bin/env python3
"""The pipeline files of ci/ run here as far as they can without the hosted
service: each job's shell steps run in order in a scratch checkout, with the
installers, cmake and a failing ctest replaced by stubs, and the real racekit
writing the reports from the fixture results (data/report/results). Then the
files the workflow uploads and the job summary it writes must be there.

    ci_files_test.py <repository-root> <racekit> <scratch-dir>

Exit status 77 (skip) when PyYAML is missing.
"""
import json
import os
import shutil
import stat
import subprocess
import sys

try:
    import yaml
except ImportError:
    print('note: PyYAML is missing (Debian: python3-yaml): the CI files are not tested')
    sys.exit(77)

failures = 0


def fail(msg):
    global failures
    failures += 1
    print('FAIL ' + msg)


# ctest's stand-in: one failing verdict, as the real one prints it, and the
# exit status of a run with failed tests.
STUBS = {
    'sudo': 'exec "$@"',
    'apt-get': 'exit 0',
    'sysctl': 'exit 0',
    'cmake': 'exit 0',
    'ctest': 'echo "FAIL basics/broken-fix/safe: ThreadSanitizer reported data-race '
             '(safe.c:16 vs safe.c:16): the program still has a concurrency bug"; exit 8',
}


def scratch_checkout(root, racekit, scratch):
    """A checkout whose build tree holds the fixture results and racekit."""
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(os.path.join(scratch, 'build'))
    os.makedirs(os.path.join(scratch, 'stubs'))
    shutil.copytree(os.path.join(root, 'ci'), os.path.join(scratch, 'ci'))
    shutil.copytree(os.path.join(root, 'harness/report/tests/data/report/results'),
                    os.path.join(scratch, 'build/results'))
    os.symlink(os.path.abspath(racekit), os.path.join(scratch, 'build/racekit'))
    for name, body in STUBS.items():
        path = os.path.join(scratch, 'stubs', name)
        with open(path, 'w') as f:
            f.write('#!/bin/sh\n' + body + '\n')
        os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)
    env = dict(os.environ)
    env['PATH'] = os.path.join(scratch, 'stubs') + os.pathsep + env['PATH']
    env['RACEKIT_SOURCE_DIR'] = root  # sources of the fixtures, for the HTML page
    return env


def run_shell(script, cwd, env, shell='bash'):
    args = ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', script] if shell == 'bash' \
        else ['sh', '-c', script]
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)


def check_reports(scratch, what):
    for f in ('report.txt', 'report.md', 'report.json', 'report.junit.xml', 'report.sarif', 'report.html'):
        if not os.path.isfile(os.path.join(scratch, 'build/reports', f)):
            fail('%s: build/reports/%s was not written' % (what, f))


def test_github(root, racekit, scratch):
    wf = yaml.safe_load(open(os.path.join(root, 'ci/github/racekit.yml')))
    steps = wf['jobs']['cases']['steps']
    env = scratch_checkout(root, racekit, scratch)
    summary = os.path.join(scratch, 'summary.md')
    env['GITHUB_STEP_SUMMARY'] = summary
    failed, log = False, ''
    matcher_owner = json.load(open(os.path.join(root, 'ci/github/racekit-matcher.json')))['problemMatcher'][0]['owner']
    for step in steps:
        condition = str(step.get('if', ''))
        if failed and 'always()' not in condition:
            continue
        if 'run' in step:
            r = run_shell(step['run'], scratch, env)
            log += r.stdout
            if r.returncode != 0:
                failed = True
            if '::add-matcher::' in r.stdout:
                path = r.stdout.split('::add-matcher::')[1].strip()
                if not os.path.isfile(os.path.join(scratch, path)):
                    fail('github: the problem matcher %s does not exist' % path)
            if '::remove-matcher' in r.stdout and 'owner=%s::' % matcher_owner not in r.stdout:
                fail('github: remove-matcher names another owner than %s' % matcher_owner)
        else:
            for key in ('path', 'sarif_file'):
                if key in step.get('with', {}) and not os.path.exists(os.path.join(scratch, step['with'][key])):
                    fail('github: step %r uploads %s, which is not there' % (step.get('name', step['uses']),
                                                                              step['with'][key]))
    if not failed:
        fail('github: the stub ctest failed but the job did not')
    if 'FAIL basics/broken-fix/safe:' not in log:
        fail('github: the verdict line did not reach the log')
    check_reports(scratch, 'github')
    text = open(summary).read() if os.path.exists(summary) else ''
    if '**7 cases: 6/7 unsafe as expected, 1 false alarms, 1 missed, 1 errors**' not in text:
        fail('github: the job summary lacks the totals line')
    if '7 cases: 6/7 unsafe as expected' not in log:
        fail('github: the table did not end the log')


def test_gitlab(root, racekit, scratch):
    ci = yaml.safe_load(open(os.path.join(root, 'ci/gitlab/racekit.gitlab-ci.yml')))
    job = ci['racekit']
    env = scratch_checkout(root, racekit, scratch)
    # GitLab runs before_script and script as one shell session (sh in a
    # Debian image), stopping at the first failing line.
    script = '\n'.join(['set -e'] + job['before_script'] + job['script'])
    r = run_shell(script, scratch, env, shell='sh')
    if r.returncode != 8:
        fail('gitlab: the job ended with %d, want ctest\'s 8:\n%s%s' % (r.returncode, r.stdout, r.stderr))
    if '7 cases: 6/7 unsafe as expected' not in r.stdout:
        fail('gitlab: the table did not end the log')
    check_reports(scratch, 'gitlab')
    junit = job['artifacts']['reports']['junit']
    if not os.path.isfile(os.path.join(scratch, junit)):
        fail('gitlab: the JUnit report %s is not there' % junit)
    if job['artifacts'].get('when') != 'always':
        fail('gitlab: artifacts must be kept when the tests fail')
    for path in job['artifacts']['paths']:
        if not os.path.exists(os.path.join(scratch, path)):
            fail('gitlab: artifact path %s is not there' % path)


def main():
    root, racekit, scratch = sys.argv[1:4]
    test_github(root, racekit, os.path.join(scratch, 'github'))
    test_gitlab(root, racekit, os.path.join(scratch, 'gitlab'))
    if failures == 0:
        print('ci files: all checks passed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
