#!/usr/bin/env python3
"""ci_files.py - read the CI files of racekit grade and run what they run.

The pipeline files cannot run here (no GitHub, no GitLab), so this does
what their engines would with the steps that call racekit, on this
machine, with `racekit` on PATH; the steps that install racekit are left
out (the tests' racekit is the build's). Every step that names racekit is
run, so a file naming a command or an option racekit does not have fails.

  ci_files.py classroom-github <classroom.yml> <repo> <bin>
      GitHub Classroom's autograding: checks the workflow's shape (the
      name, job and reporter Classroom needs), runs each command-grader
      step as the action does (/bin/sh, in the repository, only PATH and
      HOME in the environment) and prints JSON: {"tests": [[name, status,
      max-score], ...], "points": earned, "max": total, "summary": text of
      the Feedback step}.
  ci_files.py classroom-gitlab <.gitlab-ci.yml> <repo> <bin>
      the job's script (bash -e, in the repository); prints JSON:
      {"status": exit status, "tests": [[name, points, passed], ...],
      "points": earned, "junit": path}.
  ci_files.py shards-github <grade-shards.yml> <dir> <bin> <exercise> <submissions>
  ci_files.py shards-gitlab <grade-shards.gitlab-ci.yml> <dir> <bin> <exercise> <submissions>
      the grade job of every shard (N from the matrix or `parallel`),
      each in its own folder below <dir>; their gradebooks moved as the
      engine moves artifacts (without .work); the merge job. Prints JSON:
      {"shards": N, "gradebook": the merged gradebook, "log": its output}.
Exit status 1 with a message on stderr when a file is not as expected.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import yaml


def die(msg):
    print(f"ci_files.py: {msg}", file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path) as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, dict):
        die(f"{path}: not a YAML mapping")
    return doc


def env_with(bin_dir, extra=None, keep_only=False):
    env = {} if keep_only else dict(os.environ)
    env["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin")
    env["HOME"] = os.environ.get("HOME", "/tmp")
    env.update(extra or {})
    return env


def run(cmd, cwd, env, shell="/bin/sh", timeout=None):
    """One step's text as its engine runs it; (status, output)."""
    args = [shell, "-e", "-c", cmd] if shell.endswith("bash") else [shell, "-c", cmd]
    p = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout


def names_racekit(text):
    return re.search(r"(^|[\s;&|(])racekit\s", text) is not None


def installs(text):
    return "git clone" in text or "cmake --install" in text


def classroom_github(path, repo, bin_dir):
    doc = load(path)
    if doc.get("name") != "Autograding Tests":
        die(f"{path}: the workflow's name must be 'Autograding Tests' for Classroom, not {doc.get('name')!r}")
    jobs = doc.get("jobs") or {}
    if list(jobs) != ["run-autograding-tests"]:
        die(f"{path}: one job, run-autograding-tests, for Classroom; got {list(jobs)}")
    steps = jobs["run-autograding-tests"].get("steps") or []
    graders = [s for s in steps if str(s.get("uses", "")).startswith("classroom-resources/autograding-command-grader@")]
    reporters = [s for s in steps if str(s.get("uses", "")).startswith("classroom-resources/autograding-grading-reporter@")]
    if not graders or len(reporters) != 1:
        die(f"{path}: {len(graders)} command-grader steps and {len(reporters)} reporters")
    if steps.index(reporters[0]) < max(steps.index(g) for g in graders):
        die(f"{path}: the reporter comes before a command grader")
    ids = []
    results = []
    earned = total = 0
    for g in graders:
        w = g.get("with") or {}
        for key in ("test-name", "command", "timeout", "max-score"):
            if key not in w:
                die(f"{path}: step {g.get('name')!r} has no {key}")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", str(g.get("id", ""))):
            die(f"{path}: step {g.get('name')!r} has no id a reporter can name")
        if not isinstance(w["max-score"], int):
            die(f"{path}: {w['test-name']}: max-score {w['max-score']!r} is not a whole number (parseInt)")
        ids.append(g["id"])
        if not names_racekit(w["command"]):
            die(f"{path}: {w['test-name']}: its command does not run racekit: {w['command']}")
        env = env_with(bin_dir, {"FORCE_COLOR": "true"}, keep_only=True)  # what the action passes on
        status = 0
        if w.get("setup-command"):
            status, out = run(w["setup-command"], repo, env, timeout=60 * float(w["timeout"]))
        if status == 0:
            status, out = run(w["command"], repo, env, timeout=60 * float(w["timeout"]))
        sys.stderr.write(out)
        results.append([w["test-name"], status, w["max-score"]])
        total += w["max-score"]
        earned += w["max-score"] if status == 0 else 0
    r = reporters[0]
    runners = str((r.get("with") or {}).get("runners", "")).split(",")
    if runners != ids:
        die(f"{path}: the reporter's runners {runners} are not the graders' ids {ids}")
    for i in ids:
        want = "${{ steps.%s.outputs.result }}" % i
        got = (r.get("env") or {}).get(i.upper() + "_RESULTS")
        if got is None or got.replace(" ", "") != want.replace(" ", ""):
            die(f"{path}: the reporter's env {i.upper()}_RESULTS is {got!r}, want {want!r}")
    summary = ""
    after = [s for s in steps[steps.index(r) + 1:] if "run" in s]
    for s in after:
        if not names_racekit(s["run"]) and "gradebook" not in s["run"]:
            continue
        file = os.path.join(repo, ".step-summary")
        open(file, "w").close()
        status, out = run(s["run"], repo, env_with(bin_dir, {"GITHUB_STEP_SUMMARY": file}), shell="/bin/bash")
        if status != 0:
            die(f"{path}: step {s.get('name')!r} failed: {out}")
        summary += open(file).read()
    print(json.dumps({"tests": results, "points": earned, "max": total, "summary": summary}))


def junit_points(path):
    tests, earned = [], 0.0
    for case in ET.parse(path).getroot().iter("testcase"):
        m = re.fullmatch(r"(.+) \(([0-9.]+) points?\)", case.get("name", ""))
        if not m:
            die(f"{path}: a testcase named {case.get('name')!r} has no points")
        passed = case.find("failure") is None
        tests.append([m.group(1), float(m.group(2)), passed])
        earned += float(m.group(2)) if passed else 0
    return tests, earned


def classroom_gitlab(path, repo, bin_dir):
    doc = load(path)
    jobs = {k: v for k, v in doc.items() if isinstance(v, dict) and "script" in v}
    if len(jobs) != 1:
        die(f"{path}: one job with a script, got {list(jobs)}")
    (name, job), = jobs.items()
    junit = ((job.get("artifacts") or {}).get("reports") or {}).get("junit")
    if not junit:
        die(f"{path}: {name}: no artifacts:reports:junit")
    script = "\n".join(job["script"])
    if not names_racekit(script):
        die(f"{path}: {name}: its script does not run racekit")
    status, out = run(script, repo, env_with(bin_dir, {"CI": "true"}), shell="/bin/bash")
    sys.stderr.write(out)
    jpath = os.path.join(repo, junit)
    if not os.path.exists(jpath):
        die(f"{path}: {name}: the job wrote no {junit}")
    tests, earned = junit_points(jpath)
    print(json.dumps({"status": status, "tests": tests, "points": earned, "junit": jpath}))


def move_artifact(src, dst):
    """What the engine keeps of a shard's gradebook: all but .work/."""
    shutil.copytree(src, dst, ignore=lambda d, names: [".work"] if d == src else [])


def shards_github(path, top, bin_dir, exercise, subs):
    doc = load(path)
    jobs = doc.get("jobs") or {}
    env = doc.get("env") or {}
    for var in ("EXERCISE", "SUBMISSIONS"):
        if var not in env:
            die(f"{path}: no workflow env {var}")
    grade = next((j for j in jobs.values() if "matrix" in (j.get("strategy") or {})), None)
    merge = next((j for j in jobs.values() if j.get("needs")), None)
    if grade is None or merge is None:
        die(f"{path}: no matrix job, or no job that needs it")
    shards = grade["strategy"]["matrix"].get("shard") or []
    if shards != list(range(1, len(shards) + 1)):
        die(f"{path}: the matrix's shard is {shards}, not 1..N")
    extra = {"EXERCISE": exercise, "SUBMISSIONS": subs}
    runs = [s["run"] for s in grade["steps"] if "run" in s and names_racekit(s["run"]) and not installs(s["run"])]
    if not runs:
        die(f"{path}: the matrix job runs no racekit")
    os.makedirs(os.path.join(top, "merge", "shards"))
    for k in shards:
        cwd = os.path.join(top, f"runner-{k}")
        os.makedirs(cwd)
        for text in runs:
            text = text.replace("${{ matrix.shard }}", str(k)).replace("${{ strategy.job-total }}", str(len(shards)))
            if "${{" in text:
                die(f"{path}: an expression this check does not know: {text}")
            status, out = run(text, cwd, env_with(bin_dir, extra), shell="/bin/bash")
            if status != 0:
                die(f"{path}: shard {k}: exit status {status}: {text}\n{out}")
        # upload-artifact gradebook-K (without .work), download-artifact
        # with a pattern: shards/gradebook-K/
        move_artifact(os.path.join(cwd, f"gradebook-{k}"), os.path.join(top, "merge", "shards", f"gradebook-{k}"))
    log = ""
    cwd = os.path.join(top, "merge")
    for s in merge["steps"]:
        if "run" in s and not installs(s["run"]):
            status, out = run(s["run"], cwd, env_with(bin_dir, {**extra, "GITHUB_STEP_SUMMARY": os.path.join(cwd, "summary.md")}),
                              shell="/bin/bash")
            if status != 0:
                die(f"{path}: merge: exit status {status}: {s['run']}\n{out}")
            log += out
    print(json.dumps({"shards": len(shards), "gradebook": os.path.join(cwd, "gradebook"), "log": log}))


def shards_gitlab(path, top, bin_dir, exercise, subs):
    doc = load(path)
    for var in ("EXERCISE", "SUBMISSIONS"):
        if var not in (doc.get("variables") or {}):
            die(f"{path}: no variable {var}")
    jobs = {k: v for k, v in doc.items() if isinstance(v, dict) and "script" in v}
    grade = next((j for j in jobs.values() if "parallel" in j), None)
    merge = next((j for j in jobs.values() if "parallel" not in j), None)
    stages = doc.get("stages") or []
    if grade is None or merge is None or stages.index(merge["stage"]) <= stages.index(grade["stage"]):
        die(f"{path}: no parallel job with a job in a later stage")
    n = grade["parallel"]
    if not isinstance(n, int) or n < 2:
        die(f"{path}: parallel is {n!r}")
    extra = {"EXERCISE": exercise, "SUBMISSIONS": subs}
    merge_dir = os.path.join(top, "merge")
    os.makedirs(merge_dir)
    for k in range(1, n + 1):
        cwd = os.path.join(top, f"runner-{k}")
        os.makedirs(cwd)
        env = env_with(bin_dir, {**extra, "CI_NODE_INDEX": str(k), "CI_NODE_TOTAL": str(n)})
        status, out = run("\n".join(grade["script"]), cwd, env, shell="/bin/bash")
        if status != 0:
            die(f"{path}: job {k}/{n}: exit status {status}\n{out}")
        books = [d for d in os.listdir(cwd) if d.startswith("gradebook-")]
        if books != [f"gradebook-{k}"]:
            die(f"{path}: job {k}/{n} left {books}, not gradebook-{k}/ (its artifacts: gradebook-*/)")
        move_artifact(os.path.join(cwd, books[0]), os.path.join(merge_dir, books[0]))
    status, log = run("\n".join(merge["script"]), merge_dir, env_with(bin_dir, extra), shell="/bin/bash")
    if status != 0:
        die(f"{path}: merge: exit status {status}\n{log}")
    junit = ((merge.get("artifacts") or {}).get("reports") or {}).get("junit")
    if not junit or not os.path.exists(os.path.join(merge_dir, junit)):
        die(f"{path}: merge: no JUnit report {junit!r} written")
    print(json.dumps({"shards": n, "gradebook": os.path.join(merge_dir, "gradebook"), "log": log}))


def main():
    if len(sys.argv) < 5:
        die(__doc__)
    what, args = sys.argv[1], sys.argv[2:]
    fn = {"classroom-github": classroom_github, "classroom-gitlab": classroom_gitlab,
          "shards-github": shards_github, "shards-gitlab": shards_gitlab}.get(what)
    if fn is None:
        die(f"unknown {what}")
    fn(*args)


if __name__ == "__main__":
    main()
