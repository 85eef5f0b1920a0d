#!/usr/bin/env python3
"""bench_report.py <work-dir> <command> <out|-> - the figures ci/bench.sh
measured, as a summary on stdout and, unless <out> is "-", as the Markdown
report docs/performance.md. Only arithmetic on what bench.sh recorded: the
times file, the stamped logs, the result files and hyperfine's JSON."""
import glob
import json
import os
import re
import statistics
import sys

TARGETS = {"cold": 1.3, "warm": 0.5, "overhead_ms": 5.0, "speedup": 1.7}
FIGURES = ("floor", "cold", "warm", "cold-cases", "warm-cases", "warm-cases-edit",
           "warm-cases-workflow", "test-j1", "test-j2")
FIGURE_TEXT = {
    "floor": "floor (plain loop)",
    "cold": "cold, default workflow",
    "warm": "warm, default ctest",
    "cold-cases": "cold, cases workflow",
    "warm-cases": "warm, cases ctest",
    "warm-cases-edit": "warm, cases ctest, 1 case edited",
    "warm-cases-workflow": "warm, cases workflow",
    "test-j1": "cases test phase -j1",
    "test-j2": "cases test phase -j2",
}


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


def linear_fit(xs, ys):
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    slope = sxy / sxx if sxx else 0.0
    icpt = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (icpt + slope * x)) ** 2 for x, y in zip(xs, ys))
    r2 = 1 - ss_res / ss_tot if ss_tot else 1.0
    return slope, icpt, r2


def fmt(x, unit="s", digits=1):
    if x is None:
        return "n/a"
    return f"{x:.{digits}f} {unit}".rstrip()


def collect(work):
    m = read_machine(work)
    figs = read_times(work)
    src = os.path.join(work, "src-1")
    rounds = sorted({x["round"] for v in figs.values() for x in v})
    g = {"m": m, "figs": figs, "rounds": rounds}
    for f in FIGURES:
        g[f] = fig_median(figs, f)
        g[f + "-cpu"] = fig_median(figs, f, "cpu")
    for fig in ("cold", "cold-cases"):
        phases = [p for p in (workflow_phases(x["log"]) for x in figs.get(fig, [])) if p]
        g["phases-" + fig] = tuple(median([p[i] for p in phases]) for i in range(3)) if phases else None
    cold_labels = [ctest_summary(x["log"]) for x in figs.get("cold", [])]
    warm_labels = [ctest_summary(x["log"]) for x in figs.get("warm", [])]
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


def div(a, b):
    return a / b if a is not None and b else None


def ratios(g):
    r = {}
    r["cold"] = div(g["cold"], g["floor"])
    r["cold_cpu"] = div(g["cold-cpu"], g["floor-cpu"])
    r["cold_cases"] = div(g["cold-cases"], g["floor"])
    r["cold_cases_cpu"] = div(g["cold-cases-cpu"], g["floor-cpu"])
    r["warm"] = div(g["warm"], g["cold"])
    r["warm_cpu"] = div(g["warm-cpu"], g["cold-cpu"])
    r["warm_cases"] = div(g["warm-cases"], g["cold-cases"])
    r["warm_cases_cpu"] = div(g["warm-cases-cpu"], g["cold-cases-cpu"])
    ov = g["overhead"]
    # The clean variant: its run is short and spawns nothing, so the
    # difference is the harness's; the reporting one adds the symbolizer's
    # noise (shown in the table, not in the target).
    o = ov.get("safe")
    r["overhead_ms"] = 1000 * (o["check"] - o["direct"]) if o else None
    r["speedup"] = g["test-j1"] / g["test-j2"] if g["test-j1"] and g["test-j2"] else None
    return r


def summary_lines(g, r):
    out = []
    p = out.append
    p(f"{'figure':<34}{'median wall':>12}{'median cpu':>12}")
    for key in FIGURES:
        p(f"{FIGURE_TEXT[key]:<34}{fmt(g[key]):>12}{fmt(g[key + '-cpu']):>12}")
    for f, x in sorted(g["growth"].items()):
        if f != 1:
            p(f"{'cold, cases workflow, corpus x' + str(f):<34}{fmt(x['cold']):>12}{fmt(x['cold_cpu']):>12}")
            p(f"{'warm, cases ctest, corpus x' + str(f):<34}{fmt(x['warm']):>12}{fmt(x['warm_cpu']):>12}")
    for v, o in g["overhead"].items():
        p(f"overhead ({v}): check {o['check'] * 1000:.1f} ms, direct {o['direct'] * 1000:.1f} ms, "
          f"difference {1000 * (o['check'] - o['direct']):.1f} ms (median of {o['n']})")
    for n, x in sorted(g["runs"].items()):
        if x["median"] is not None:
            p(f"check --runs {n}: {x['median']:.2f} s ({1000 * x['median'] / n:.1f} ms per run)")
    p("")
    p(f"cold/floor   {fmt(r['cold'], 'x', 2):>8}  (target <= {TARGETS['cold']})  cpu {fmt(r['cold_cpu'], 'x', 2)}; "
      f"cases workflow {fmt(r['cold_cases'], 'x', 2)}, cpu {fmt(r['cold_cases_cpu'], 'x', 2)}")
    p(f"warm/cold    {fmt(r['warm'], 'x', 2):>8}  (target <= {TARGETS['warm']})  cpu {fmt(r['warm_cpu'], 'x', 2)}; "
      f"cases {fmt(r['warm_cases'], 'x', 2)}, cpu {fmt(r['warm_cases_cpu'], 'x', 2)}")
    p(f"overhead     {fmt(r['overhead_ms'], 'ms', 1):>8}  (target <= {TARGETS['overhead_ms']} ms)")
    p(f"-j2 speedup  {fmt(r['speedup'], 'x', 2):>8}  (target >= {TARGETS['speedup']})")
    return out


def load_of(text):
    m = re.search(r"load average: ([\d.]+)", text or "")
    return float(m.group(1)) if m else None


def miss(val, lim, higher_is_better=False):
    if val is None:
        return "not measured"
    ok = val >= lim if higher_is_better else val <= lim
    if ok:
        return "**met**"
    by = (lim - val) / lim * 100 if higher_is_better else (val - lim) / lim * 100
    return f"**missed** by {by:.0f} %"


def why_cold(g, r):
    labs = g["labels"]
    kit = {k: v[0] for k, v in labs.items() if k != "tsan" and v[0]}
    out = []
    ph = g["phases-cold"]
    if ph:
        out.append(f"Before any test runs, the workflow configures ({fmt(ph[0])}) and builds the kit "
                   f"and its unit tests ({fmt(ph[1])}); the floor has neither.")
    if kit and labs.get("tsan", (None,))[0]:
        parts = ", ".join(f"`{k}` {v:.0f}" for k, v in sorted(kit.items(), key=lambda x: -x[1]))
        out.append(f"The default preset runs the kit's own tests beside the cases: {parts} process-seconds, "
                   f"against {labs['tsan'][0]:.0f} for the cases (label `tsan`). They test the kit, not the "
                   "student's cases, and no floor includes them.")
    if r["cold_cases"] is not None:
        out.append(f"The `cases` workflow (same configure and build, the cases alone) takes "
                   f"{r['cold_cases']:.2f} × floor (CPU time {fmt(r['cold_cases_cpu'], '×', 2)}).")
    return out


def why_warm(g, r):
    labs = g["labels"]
    kit = sum(v[1] for k, v in labs.items() if k != "tsan" and v[1])
    out = []
    if kit:
        out.append(f"A warm run still runs every test: the kit's own tests cache nothing (each end-to-end "
                   f"script starts from an empty scratch directory; `lint/corpus` reruns every variant), "
                   f"{kit:.0f} process-seconds of the warm run against {fmt(labs.get('tsan', (0, 0))[1], '', 0)} "
                   "for the cases.")
    if r["warm_cases"] is not None:
        out.append(f"With the `cases` preset, warm / cold is {r['warm_cases']:.2f} "
                   f"(CPU time {fmt(r['warm_cases_cpu'], '×', 2)}): the compile cache leaves one run per variant.")
    return out


def why_overhead(g, r):
    out = []
    o = g["overhead"].get("safe")
    if o:
        cpu = 1000 * (o["check_cpu"] - o["direct_cpu"])
        out.append(f"The check uses {cpu:.1f} ms more CPU per run than the binary alone: that much is the "
                   "harness's own work.")
        if o.get("cgroup") is not None:
            d = 1000 * (o["cgroup"] - o["check"])
            out.append(f"With the pids cgroup forced (`RACEKIT_SANDBOX=cgroup`) the check takes "
                       f"{1000 * o['cgroup']:.1f} ms, {d:+.1f} ms against the default bound.")
    load = load_of(g["m"].get("load_start"))
    out.append("The rest is waiting for a core: racekit sleeps while its child runs and wakes up for the "
               "child's output and exit, and each wake-up queues behind the other work on a busy machine"
               + (f" (load {load:.1f} here)" if load is not None else "")
               + ". See \"Harness overhead and the load\" below.")
    return out


def why_speedup(g, r):
    load = load_of(g["m"].get("load_start"))
    out = [f"`-j1` {fmt(g['test-j1'])}, `-j2` {fmt(g['test-j2'])}; CPU time {fmt(g['test-j1-cpu'])} and "
           f"{fmt(g['test-j2-cpu'])}."]
    if load is not None and load > 0.5 * int(g["m"].get("nproc", "1")):
        out.append(f"With a load of {load:.1f} on {g['m'].get('nproc')} cores the second job rarely had a "
                   "core of its own.")
    return out


def doc(g, r, cmd):
    m = g["m"]
    L = []
    p = L.append
    p("# Performance")
    p("")
    p("What the kit costs on top of the work it must do (compile each variant under")
    p("ThreadSanitizer and run it once), measured by `ci/bench.sh` (issue 8). The")
    p("numbers below are that script's output: regenerate this file rather than")
    p("editing them, with")
    p("")
    p("```")
    p(cmd)
    p("```")
    p("")
    p("The script copies the repository into a temporary directory and measures in")
    p(f"rounds ({len(g['rounds'])} here): each round takes every big figure once, so a change in")
    p("the machine's load falls on all of them alike; each figure is the median over")
    p("the rounds. Beside the wall time it gives the CPU time (user + sys of the")
    p("command and all its children), which other work on the machine disturbs much")
    p("less than the wall time.")
    p("")
    p("## Machine")
    p("")
    p(f"- CPU: {m.get('cpu')}; `nproc`: {m.get('nproc')}")
    p(f"- memory (`free -h`): {m.get('memory')}")
    p(f"- kernel: {m.get('kernel')}")
    p(f"- compilers: {m.get('clang')}; {m.get('cc')} (builds the harness)")
    p(f"- tools: {m.get('cmake')}, ninja {m.get('ninja')}, {m.get('hyperfine')}")
    p(f"- measured: {m.get('date')}, revision {m.get('revision')}, {m.get('cases')} cases")
    p(f"- load (`uptime`) at the start: `{m.get('load_start', '').strip()}`")
    p(f"- load at the end: `{m.get('load_end', '').strip()}`")
    load = load_of(m.get("load_start"))
    if load is not None and load > 0.5 * int(m.get("nproc", "1")):
        p("")
        p(f"**The machine was busy** (load {load:.1f} on {m.get('nproc')} cores, other people's builds and tests):")
        p("the wall times are inflated and noisy, the CPU times much less so. Regenerate")
        p("this file on a quiet machine with the command above before relying on the")
        p("wall-time ratios.")
    p("")
    p("## Targets")
    p("")
    p("| target | measured | verdict |")
    p("|---|---|---|")
    p(f"| cold ≤ {TARGETS['cold']} × floor | {fmt(r['cold'], '×', 2)} (CPU time {fmt(r['cold_cpu'], '×', 2)}) "
      f"| {miss(r['cold'], TARGETS['cold'])} |")
    p(f"| warm, nothing changed ≤ {TARGETS['warm']} × cold | {fmt(r['warm'], '×', 2)} "
      f"(CPU time {fmt(r['warm_cpu'], '×', 2)}) | {miss(r['warm'], TARGETS['warm'])} |")
    p(f"| harness overhead ≤ {TARGETS['overhead_ms']:g} ms per run | {fmt(r['overhead_ms'], 'ms', 1)} "
      f"| {miss(r['overhead_ms'], TARGETS['overhead_ms'])} |")
    p(f"| test phase `-j2` ≥ {TARGETS['speedup']} × faster than `-j1` | {fmt(r['speedup'], '×', 2)} "
      f"| {miss(r['speedup'], TARGETS['speedup'], True)} |")
    p("")
    p("Cold and warm are the default preset, as the targets are written; the overhead is")
    p("the clean (`safe`) variant's; `-j1`/`-j2` is the `cases` test phase.")
    p("")
    checks = [("cold", r["cold"], TARGETS["cold"], False, why_cold),
              ("warm", r["warm"], TARGETS["warm"], False, why_warm),
              ("overhead", r["overhead_ms"], TARGETS["overhead_ms"], False, why_overhead),
              ("-j2", r["speedup"], TARGETS["speedup"], True, why_speedup)]
    for name, val, lim, hib, why in checks:
        if val is None or (val >= lim if hib else val <= lim):
            continue
        p(f"**Why {name} is missed.**")
        for line in why(g, r):
            p(f"- {line}")
        p("")
    p("## The figures")
    p("")
    p("| figure | what runs | median wall | median CPU | each round (wall) |")
    p("|---|---|---|---|---|")
    what = {
        "floor": f"the plain shell loop: the same compiles and one run of each variant, {m.get('nproc')} jobs "
                 "(`ci/bench.sh --floor <src> <out>`)",
        "cold": "`cmake --workflow --preset default`, empty build directory: every test",
        "warm": "`ctest --preset default` again, nothing changed",
        "cold-cases": "`cmake --workflow --preset cases`, empty build directory: the cases alone",
        "warm-cases": "`ctest --preset cases` again, nothing changed",
        "warm-cases-edit": f"`ctest --preset cases` after an edit to {m.get('probe_case')}/unsafe.c",
        "warm-cases-workflow": "`cmake --workflow --preset cases` again, nothing changed",
        "test-j1": "`ctest --preset cases -j1`, compile cache emptied",
        "test-j2": "`ctest --preset cases -j2`, compile cache emptied",
    }
    for key in FIGURES:
        each = ", ".join(f"{x['wall']:.1f}" for x in g["figs"].get(key, []))
        p(f"| {key} | {what[key]} | {fmt(g[key])} | {fmt(g[key + '-cpu'])} | {each} |")
    p("")
    p(f"Ratios: cold / floor {fmt(r['cold'], '×', 2)} (`cases`: {fmt(r['cold_cases'], '×', 2)}); "
      f"warm / cold {fmt(r['warm'], '×', 2)} (`cases`: {fmt(r['warm_cases'], '×', 2)}); "
      f"overhead {fmt(r['overhead_ms'], 'ms', 1)} per run; `-j2` speed-up {fmt(r['speedup'], '×', 2)}.")
    p("")
    for fig in ("cold", "cold-cases"):
        ph = g["phases-" + fig]
        if ph:
            p(f"Steps of the {fig} workflow (medians): configure {fmt(ph[0])}, build {fmt(ph[1])}, "
              f"tests {fmt(ph[2])}.")
    labs = g["labels"]
    if labs:
        p("")
        p("Test time of the default preset by label, in CTest's process-seconds:")
        p("")
        p("| label | cold | warm |")
        p("|---|---|---|")
        for lab, (c, w) in sorted(labs.items(), key=lambda x: -(x[1][0] or 0)):
            p(f"| `{lab}` | {fmt(c)} | {fmt(w)} |")
    for fig, passed in g["passed"].items():
        if passed:
            p("")
            p(f"Tests passing in the last {fig} run: {passed[0]} of {passed[1]} (a failing test costs the "
              "same time; it is the state of the tree at that revision).")
    p("")
    p("### Where the time of a check goes")
    p("")
    fp = g["floor_parts"][-1] if g["floor_parts"] else None
    hp = g["harness_parts"][-1] if g["harness_parts"] else None
    if fp and hp:
        p("Summed over the variants in the last round, floor loop against `racekit check` in the")
        p("cold `cases` run (seconds of wall time per job, so two jobs at once count twice):")
        p("")
        p("| part | floor loop | `racekit check` |")
        p("|---|---|---|")
        p(f"| variants | {fp['n']} | {hp['n']} |")
        hook = f"{fp['hook']:.1f} s" if fp.get("hook") is not None else "not recorded"
        p(f"| compile the variants | {fp['compile']:.1f} s | {hp['compile']:.1f} s (with the hook object, "
          "built by the first checks) |")
        p(f"| compile the hook object once | {hook} | – |")
        p(f"| run | {fp['run']:.1f} s | {hp['run']:.1f} s |")
        p(f"| of which thread stacks of the {hp['hangs']} hung runs (gdb) | – | {hp['stacks']:.1f} s |")
        p(f"| the rest of racekit check | – | {hp['rest']:.1f} s |")
        p("")
    p("### Harness overhead per run")
    p("")
    p(f"`racekit check --quiet` on the cached variants of {m.get('probe_case')} against the same")
    p("binary run directly, through the same shell, with the TSAN_OPTIONS and RACEKIT_REPORT_FD")
    p("the harness gives it (`hyperfine`, shell start-up subtracted, three interleaved")
    p("batches, medians):")
    p("")
    p("| variant | runs | check | binary alone | overhead | check, pids cgroup forced | CPU check / alone (mean) |")
    p("|---|---|---|---|---|---|---|")
    for v, o in g["overhead"].items():
        cg = f"{1000 * o['cgroup']:.1f} ms" if o.get("cgroup") is not None else "n/a"
        p(f"| {v} | {o['n']} | {o['check'] * 1000:.1f} ms | {o['direct'] * 1000:.1f} ms | "
          f"{1000 * (o['check'] - o['direct']):.1f} ms | {cg} | "
          f"{o['check_cpu'] * 1000:.1f} / {o['direct_cpu'] * 1000:.1f} ms |")
    p("")
    p("The CPU of the reporting variant run alone leaves out TSan's llvm-symbolizer: the")
    p("shell does not wait for it, while the check reaps it. Its wall times compare fairly.")
    p("")
    p("### Parallel scaling")
    p("")
    p(f"The `cases` test phase with the compile cache emptied: `-j1` {fmt(g['test-j1'])}, "
      f"`-j2` {fmt(g['test-j2'])}: {fmt(r['speedup'], '×', 2)} faster.")
    p("(The default preset's test phase is not a fair `-j1`: `lint/corpus` runs `racekit lint --jobs 2`.)")
    p("")
    p("### Growth with the number of cases")
    p("")
    p("The `cases` workflow on the corpus replicated into a temporary tree (each case folder")
    p("also as `<name>-copy<k>`); the kit's own tests do not grow with the corpus, except")
    p("`lint/corpus` and the corpus checks, which do a fixed amount of work per case.")
    p("")
    p("| corpus | cases | cold wall | cold CPU | warm wall | warm CPU |")
    p("|---|---|---|---|---|---|")
    gr = g["growth"]
    for f, x in sorted(gr.items()):
        p(f"| {f}× | {x['cases']} | {fmt(x['cold'])} | {fmt(x['cold_cpu'])} | {fmt(x['warm'])} | "
          f"{fmt(x['warm_cpu'])} |")
    p("")
    pts = sorted((x["cases"], x) for x in gr.values() if x["cold_cpu"] and x["warm_cpu"])
    if len(pts) >= 2:
        p("What each added case costs, step by step (CPU time, the load disturbs it least; wall in brackets):")
        p("")
        p("| step | cold per added case | warm per added case |")
        p("|---|---|---|")
        steps = []
        for (n0, x0), (n1, x1) in zip(pts, pts[1:]):
            d = n1 - n0
            step = {k: (x1[k] - x0[k]) / d if x1[k] is not None and x0[k] is not None else None
                    for k in ("cold", "cold_cpu", "warm", "warm_cpu")}
            steps.append(step)
            ms = lambda v: f"{1000 * v:.0f} ms" if v is not None else "n/a"
            p(f"| {n0} → {n1} cases | {ms(step['cold_cpu'])} ({ms(step['cold'])}) | "
              f"{ms(step['warm_cpu'])} ({ms(step['warm'])}) |")
        p("")
        fc = linear_fit([n for n, _ in pts], [x["cold_cpu"] for _, x in pts])
        fw = linear_fit([n for n, _ in pts], [x["warm_cpu"] for _, x in pts])
        p(f"Least-squares lines (CPU time): cold ≈ {fc[1]:.1f} s + {1000 * fc[0]:.0f} ms × cases "
          f"(R² = {fc[2]:.3f}); warm ≈ {fw[1]:.1f} s + {1000 * fw[0]:.0f} ms × cases (R² = {fw[2]:.3f}).")
        # Linear: the last step's cost per added case is within a quarter of
        # the first step's, for cold and warm alike (superlinear growth would
        # make it rise with the corpus).
        def steady(k):
            a0, a1 = steps[0][k], steps[-1][k]
            return a0 and a1 and 0.8 <= a1 / a0 <= 1.25
        if len(steps) >= 2 and steady("cold_cpu") and steady("warm_cpu"):
            p("The growth is linear: an added case costs the same at every size (within a quarter), on top of "
              "a fixed cost (configure, build).")
        elif len(steps) >= 2:
            p("The cost of an added case changed between the steps by more than a quarter: not shown to be "
              "linear on this run (see the load).")
        else:
            p("Two sizes cannot show linear growth: run the full benchmark (1×, 2×, 4×).")
        p("")
    p("### What `--runs N` costs")
    p("")
    p(f"`racekit check --runs N` on {m.get('probe_case')}/unsafe, binary cached (median of "
      f"{m.get('runs_reps')} invocations each):")
    p("")
    p("| N | total | per run | runs that passed | median run in the result |")
    p("|---|---|---|---|---|")
    for n, x in sorted(g["runs"].items()):
        if x["median"] is None:
            continue
        rm = f"{1000 * x['run_median']:.0f} ms" if x["run_median"] else "n/a"
        p(f"| {n} | {x['median']:.2f} s | {1000 * x['median'] / n:.0f} ms | {x['passed']}/{x['runs']} | {rm} |")
    p("")
    return L


def main():
    work, cmd, out = sys.argv[1], sys.argv[2], sys.argv[3]
    g = collect(work)
    r = ratios(g)
    print("\n".join(summary_lines(g, r)))
    if out != "-":
        text = "\n".join(doc(g, r, cmd))
        notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_notes.md")
        if os.path.exists(notes):
            text += "\n" + open(notes).read()
        with open(out, "w") as f:
            f.write(text.rstrip("\n") + "\n")
        print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
