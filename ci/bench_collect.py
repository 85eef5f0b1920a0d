#!/usr/bin/env python3
"""bench_collect.py - read back what ci/bench.sh recorded in its work
folder (the times file, the stamped logs, the result files, hyperfine's
JSON) into one dict of figures, for bench_report.py. Only reading and
medians: no judging here."""
import glob
import json
import os
import re
import statistics

FIGURES = ("floor", "cold", "warm", "warm-uncached", "cold-cases", "warm-cases", "warm-cases-edit",
           "warm-cases-workflow", "test-j1", "test-j2")

def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def read_machine(work):
    m = {}
    with open(os.path.join(work, "machine")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            m[k] = v
    return m


def read_times(work):
    """{figure: [{round, wall, cpu, status, log}]}"""
    figs = {}
    with open(os.path.join(work, "times")) as f:
        for line in f:
            fig, rnd, wall, user, sys_, status, log = line.split()
            figs.setdefault(fig, []).append({
                "round": int(rnd), "wall": float(wall), "cpu": float(user) + float(sys_),
                "status": int(status), "log": log})
    return figs


def fig_median(figs, name, key="wall"):
    return median([m[key] for m in figs.get(name, [])])


def stamped(log):
    """[(time, line)] of a stamped log."""
    out = []
    with open(log, errors="replace") as f:
        for line in f:
            t, _, rest = line.rstrip("\n").partition(" ")
            try:
                out.append((float(t), rest))
            except ValueError:
                pass
    return out


def workflow_phases(log):
    """(configure, build, test) seconds of a `cmake --workflow` log."""
    lines = stamped(log)
    if not lines:
        return None
    start, end = lines[0][0], lines[-1][0]
    step = {}
    for t, text in lines:
        m = re.search(r"Executing workflow step (\d) of 3", text)
        if m:
            step[int(m.group(1))] = t
    if 2 not in step or 3 not in step:
        return None
    return (step[2] - start, step[3] - step[2], end - step[3])


def ctest_summary(log):
    """Label proc-seconds and the pass line of a ctest log."""
    labels, passed = {}, None
    for _, text in stamped(log):
        m = re.match(r"\s*(\S+)\s+=\s+([\d.]+) sec\*proc \((\d+) tests?\)", text)
        if m:
            labels[m.group(1)] = (float(m.group(2)), int(m.group(3)))
        m = re.search(r"(\d+)% tests passed, (\d+) tests? failed out of (\d+)", text)
        if m:
            passed = (int(m.group(3)) - int(m.group(2)), int(m.group(3)))
    return labels, passed


def front_matter(readme, key):
    try:
        with open(readme) as f:
            lines = f.read().split("\n")
    except OSError:
        return None
    for line in lines[1:]:
        if line.strip() == "---":
            break
        if line.startswith(key + ":"):
            return line.split(":", 1)[1].strip()
    return None


def floor_parts(work, rnd, src):
    """Sums over the variants of the floor: compile s, run s, run s of hangs
    beyond nothing (the timeout itself), number of variants."""
    comp = run = 0.0
    n = failed = 0
    for tf in glob.glob(os.path.join(work, f"floor-out.{rnd}", "*", "*", "*", "times")):
        parts = open(tf).read().split()
        n += 1
        if len(parts) != 3:
            failed += 1
            continue
        t0, t1, t2 = map(float, parts)
        comp += t1 - t0
        run += t2 - t1
    hook = None
    try:
        h0, h1 = map(float, open(os.path.join(work, f"floor-out.{rnd}", "hook.times")).read().split())
        hook = h1 - h0
    except (OSError, ValueError):
        pass
    return {"compile": comp, "run": run, "n": n, "failed": failed, "hook": hook}


def harness_parts(work, rnd, src):
    """Sums over the cold run's result files: compile, run (of which stack
    collection on hangs: run time beyond the case's timeout) and the rest of
    racekit check (total - compile - run)."""
    comp = run = rest = stacks = 0.0
    n = hangs = 0
    for rf in glob.glob(os.path.join(work, f"results-cold.{rnd}", "tsan", "*", "*", "*.json")):
        try:
            d = json.load(open(rf))
        except (OSError, ValueError):
            continue
        n += 1
        b = d.get("build", {}).get("duration_s", 0.0) or 0.0
        r = d.get("duration_s", 0.0) or 0.0
        comp += b
        run += r
        rest += max(0.0, (d.get("total_s", 0.0) or 0.0) - b - r)
        if d.get("outcome") == "hang":
            hangs += 1
            t = front_matter(os.path.join(src, "cases", d["case"], "README.md"), "timeout")
            stacks += max(0.0, r - float(t or 10))
    return {"compile": comp, "run": run, "rest": rest, "stacks": stacks, "n": n, "hangs": hangs}


def hyperfine_times(paths, name=None):
    times, user, system = [], [], []
    for p in paths:
        try:
            d = json.load(open(p))
        except (OSError, ValueError):
            continue
        for r in d["results"]:
            if name is None or r["command"] == name:
                times += r["times"]
                user.append(r["user"])
                system.append(r["system"])
    return times, (statistics.mean(user) if user else None), (statistics.mean(system) if system else None)


def collect(work):
    m = read_machine(work)
    figs = read_times(work)
    src = os.path.join(work, "src-1")
    rounds = sorted({x["round"] for v in figs.values() for x in v})
    g = {"m": m, "figs": figs, "rounds": rounds}
    for f in FIGURES:
        g[f] = fig_median(figs, f)
        g[f + "-cpu"] = fig_median(figs, f, "cpu")
    for fig in ("cold", "warm", "cold-cases"):
        phases = [p for p in (workflow_phases(x["log"]) for x in figs.get(fig, [])) if p]
        g["phases-" + fig] = tuple(median([p[i] for p in phases]) for i in range(3)) if phases else None
    cold_labels = [ctest_summary(x["log"]) for x in figs.get("cold", [])]
    # The kit's tests when they all run again: the warm run keeps their
    # passes (the test cache), so its labels would say nothing.
    warm_labels = [ctest_summary(x["log"]) for x in figs.get("warm-uncached", [])]
    # Labels that are not a topic or a variant: the detector (the cases) and
    # the kit's own suites (harness, lint, install, corpus, ...).
    topics = {os.path.basename(d) for d in glob.glob(os.path.join(src, "cases", "*"))}
    names = sorted({lab for s in cold_labels for lab in s[0]} - topics - {"unsafe", "safe"})

    def label_med(summaries, label):
        return median([s[0].get(label, (None, 0))[0] for s in summaries])

    g["labels"] = {lab: (label_med(cold_labels, lab), label_med(warm_labels, lab)) for lab in names}
    g["passed"] = {fig: ctest_summary(figs[fig][-1]["log"])[1] if figs.get(fig) else None
                   for fig in ("cold", "cold-cases")}
    g["floor_parts"] = [floor_parts(work, r, src) for r in rounds]
    g["harness_parts"] = [harness_parts(work, r, src) for r in rounds]

    ov = {}
    for v in ("safe", "unsafe"):
        paths = sorted(glob.glob(os.path.join(work, f"overhead-{v}.*.json")))
        ct, cu, cs = hyperfine_times(paths, "check")
        dt, du, ds = hyperfine_times(paths, "direct")
        nt, _, _ = hyperfine_times(paths, "check-cgroup")
        if ct and dt:
            ov[v] = {"check": median(ct), "direct": median(dt), "n": len(ct), "cgroup": median(nt),
                     "check_cpu": (cu or 0) + (cs or 0), "direct_cpu": (du or 0) + (ds or 0)}
    g["overhead"] = ov

    runs = {}
    for n in m.get("runs_list", "").split():
        t, _, _ = hyperfine_times([os.path.join(work, f"runs-{n}.json")])
        res = {}
        try:
            res = json.load(open(os.path.join(work, f"runs-{n}.result.json")))
        except (OSError, ValueError):
            pass
        runs[int(n)] = {"median": median(t), "k": len(t), "passed": res.get("runs_passed"),
                        "runs": res.get("runs"), "run_median": res.get("duration_s")}
    g["runs"] = runs

    cases = int(m.get("cases", "0"))
    growth = {}
    for f in m.get("factors", "1").split():
        f = int(f)
        suffix = "" if f == 1 else f"-x{f}"
        cold = fig_median(figs, "cold-cases" + suffix)
        warm = fig_median(figs, "warm-cases" + suffix)
        cold_cpu = fig_median(figs, "cold-cases" + suffix, "cpu")
        warm_cpu = fig_median(figs, "warm-cases" + suffix, "cpu")
        growth[f] = {"cases": cases * f, "cold": cold, "warm": warm, "cold_cpu": cold_cpu, "warm_cpu": warm_cpu}
    g["growth"] = growth
    return g
