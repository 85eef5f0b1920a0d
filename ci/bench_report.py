#!/usr/bin/env python3
"""bench_report.py <work-dir> <command> <out|-> - the figures ci/bench.sh
measured (read by bench_collect.py), judged against the targets, as a
summary on stdout and, unless <out> is "-", as the Markdown report
docs/performance.md (with ci/bench_notes.md appended)."""
import os
import re
import sys

from bench_collect import FIGURES, collect

# Issue 13's goals for the README's test command (`cmake --workflow
# --preset default`) and for a reporting run, then issue 8's that still hold.
TARGETS = {"cold_s": 60.0, "warm_s": 15.0, "report_ms": 30.0, "cases_floor": 1.0,
           "overhead_ms": 5.0, "speedup": 1.7}
FIGURE_TEXT = {
    "floor": "floor (plain loop)",
    "cold": "cold, default workflow",
    "warm": "warm, default workflow",
    "warm-uncached": "warm, default ctest, test cache off",
    "cold-cases": "cold, cases workflow",
    "warm-cases": "warm, cases ctest",
    "warm-cases-edit": "warm, cases ctest, 1 case edited",
    "warm-cases-workflow": "warm, cases workflow",
    "test-j1": "cases test phase -j1",
    "test-j2": "cases test phase -j2",
}


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


def div(a, b):
    return a / b if a is not None and b else None


def ratios(g):
    r = {}
    r["cold_s"] = g["cold"]
    r["warm_s"] = g["warm"]
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
    # difference is the harness's. The reporting one is issue 13's
    # "reporting run": the whole check of a variant with a TSan report.
    o = ov.get("safe")
    r["overhead_ms"] = 1000 * (o["check"] - o["direct"]) if o else None
    u = ov.get("unsafe")
    r["report_ms"] = 1000 * u["check"] if u else None
    r["clean_ms"] = 1000 * o["check"] if o else None
    r["speedup"] = g["test-j1"] / g["test-j2"] if g["test-j1"] and g["test-j2"] else None
    return r


def summary_lines(g, r):
    out = []
    p = out.append
    p(f"{'figure':<38}{'median wall':>12}{'median cpu':>12}")
    for key in FIGURES:
        p(f"{FIGURE_TEXT[key]:<38}{fmt(g[key]):>12}{fmt(g[key + '-cpu']):>12}")
    for f, x in sorted(g["growth"].items()):
        if f != 1:
            p(f"{'cold, cases workflow, corpus x' + str(f):<38}{fmt(x['cold']):>12}{fmt(x['cold_cpu']):>12}")
            p(f"{'warm, cases ctest, corpus x' + str(f):<38}{fmt(x['warm']):>12}{fmt(x['warm_cpu']):>12}")
    for v, o in g["overhead"].items():
        p(f"overhead ({v}): check {o['check'] * 1000:.1f} ms, direct {o['direct'] * 1000:.1f} ms, "
          f"difference {1000 * (o['check'] - o['direct']):.1f} ms (median of {o['n']})")
    for n, x in sorted(g["runs"].items()):
        if x["median"] is not None:
            p(f"check --runs {n}: {x['median']:.2f} s ({1000 * x['median'] / n:.1f} ms per run)")
    p("")
    for key, val, lim, hib in target_rows(r):
        p(f"{key:<40} {miss(val, lim, hib)}")
    return out


def target_rows(r):
    """(what, measured, limit, higher is better) for each target."""
    return [(f"cold <= {TARGETS['cold_s']:g} s", r["cold_s"], TARGETS["cold_s"], False),
            (f"warm <= {TARGETS['warm_s']:g} s", r["warm_s"], TARGETS["warm_s"], False),
            (f"reporting run <= {TARGETS['report_ms']:g} ms", r["report_ms"], TARGETS["report_ms"], False),
            (f"cases workflow cold <= {TARGETS['cases_floor']:g} x floor", r["cold_cases"],
             TARGETS["cases_floor"], False),
            (f"harness overhead <= {TARGETS['overhead_ms']:g} ms", r["overhead_ms"], TARGETS["overhead_ms"],
             False),
            (f"-j2 >= {TARGETS['speedup']:g} x faster than -j1", r["speedup"], TARGETS["speedup"], True)]


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
                   f"and its unit tests ({fmt(ph[1])}); the tests take {fmt(ph[2])}.")
    if kit and labs.get("tsan", (None,))[0]:
        parts = ", ".join(f"`{k}` {v:.0f}" for k, v in sorted(kit.items(), key=lambda x: -x[1]))
        out.append(f"Beside the cases ({labs['tsan'][0]:.0f} process-seconds, label `tsan`) the command runs "
                   f"the kit's own tests: {parts} process-seconds. A first run has no test cache, and the "
                   f"machine has {g['m'].get('nproc')} cores.")
    if g["floor"] is not None:
        out.append(f"The floor alone (every variant compiled and run once, no harness) takes {fmt(g['floor'])} "
                   "here.")
    return out


def why_warm(g, r):
    out = []
    ph = g["phases-warm"]
    if ph:
        out.append(f"Configure {fmt(ph[0])}, build {fmt(ph[1])}, tests {fmt(ph[2])}.")
    if g["warm-uncached"] is not None:
        out.append(f"With the test cache off every test runs again: {fmt(g['warm-uncached'])}.")
    return out


def why_report(g, r):
    out = []
    u, o = g["overhead"].get("unsafe"), g["overhead"].get("safe")
    if u and o:
        out.append(f"The reporting check takes {1000 * u['check']:.1f} ms against {1000 * o['check']:.1f} ms for "
                   f"the clean one; the reporting binary alone takes {1000 * u['direct']:.1f} ms: most of the "
                   "time is the TSan program's own start and run on this machine, which no harness can save.")
    return out


def why_cases(g, r):
    out = []
    ph = g["phases-cold-cases"]
    if ph and g["floor"] is not None:
        out.append(f"The `cases` workflow configures ({fmt(ph[0])}) and builds the kit ({fmt(ph[1])}) before "
                   f"its tests ({fmt(ph[2])}, {fmt(div(ph[2], g['floor']), '×', 2)} floor); the floor has neither.")
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
    p("ThreadSanitizer and run it once), measured by `ci/bench.sh` (issues 8 and 13). The")
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
    p(f"| the README's test command cold ≤ {TARGETS['cold_s']:g} s | {fmt(r['cold_s'])} "
      f"({fmt(r['cold'], '×', 2)} floor) | {miss(r['cold_s'], TARGETS['cold_s'])} |")
    p(f"| the same again, nothing changed, ≤ {TARGETS['warm_s']:g} s | {fmt(r['warm_s'])} "
      f"| {miss(r['warm_s'], TARGETS['warm_s'])} |")
    p(f"| a reporting run ≤ {TARGETS['report_ms']:g} ms | {fmt(r['report_ms'], 'ms', 1)} "
      f"(a clean one: {fmt(r['clean_ms'], 'ms', 1)}) | {miss(r['report_ms'], TARGETS['report_ms'])} |")
    p(f"| the `cases` workflow cold ≤ {TARGETS['cases_floor']:g} × floor | {fmt(r['cold_cases'], '×', 2)} "
      f"(CPU time {fmt(r['cold_cases_cpu'], '×', 2)}) | {miss(r['cold_cases'], TARGETS['cases_floor'])} |")
    p(f"| harness overhead ≤ {TARGETS['overhead_ms']:g} ms per run | {fmt(r['overhead_ms'], 'ms', 1)} "
      f"| {miss(r['overhead_ms'], TARGETS['overhead_ms'])} |")
    p(f"| test phase `-j2` ≥ {TARGETS['speedup']} × faster than `-j1` | {fmt(r['speedup'], '×', 2)} "
      f"| {miss(r['speedup'], TARGETS['speedup'], True)} |")
    p("")
    p("The first four are issue 13's goals: cold and warm are the README's test command")
    p("(`cmake --workflow --preset default`) on a fresh copy and again with nothing")
    p(f"changed; the reporting run is `racekit check` of {m.get('probe_case')}/unsafe (a TSan")
    p("report) with its binary cached. The overhead is the clean (`safe`) variant's")
    p("check against its binary alone; `-j1`/`-j2` is the `cases` test phase.")
    p("")
    checks = [("cold", r["cold_s"], TARGETS["cold_s"], False, why_cold),
              ("warm", r["warm_s"], TARGETS["warm_s"], False, why_warm),
              ("the reporting run", r["report_ms"], TARGETS["report_ms"], False, why_report),
              ("the cases workflow", r["cold_cases"], TARGETS["cases_floor"], False, why_cases),
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
        "warm": "`cmake --workflow --preset default` again, nothing changed (the test cache keeps every pass)",
        "warm-uncached": "`ctest --preset default` again with `RACEKIT_TEST_CACHE=off`: every test runs",
        "cold-cases": "`cmake --workflow --preset cases`, empty build directory: the cases alone",
        "warm-cases": "`ctest --preset cases` again, nothing changed",
        "warm-cases-edit": f"`ctest --preset cases` after an edit to {m.get('probe_case')}/unsafe.c",
        "warm-cases-workflow": "`cmake --workflow --preset cases` again, nothing changed",
        "test-j1": "`ctest --preset cases -j1`, compile cache emptied, test cache off",
        "test-j2": "`ctest --preset cases -j2`, compile cache emptied, test cache off",
    }
    for key in FIGURES:
        each = ", ".join(f"{x['wall']:.1f}" for x in g["figs"].get(key, []))
        p(f"| {key} | {what[key]} | {fmt(g[key])} | {fmt(g[key + '-cpu'])} | {each} |")
    p("")
    p(f"Ratios: cold / floor {fmt(r['cold'], '×', 2)} (`cases`: {fmt(r['cold_cases'], '×', 2)}); "
      f"warm / cold {fmt(r['warm'], '×', 2)} (`cases`: {fmt(r['warm_cases'], '×', 2)}); "
      f"overhead {fmt(r['overhead_ms'], 'ms', 1)} per run; `-j2` speed-up {fmt(r['speedup'], '×', 2)}.")
    p("")
    for fig in ("cold", "warm", "cold-cases"):
        ph = g["phases-" + fig]
        if ph:
            p(f"Steps of the {fig} workflow (medians): configure {fmt(ph[0])}, build {fmt(ph[1])}, "
              f"tests {fmt(ph[2])}.")
    labs = g["labels"]
    if labs:
        p("")
        p("Test time of the default preset by label, in CTest's process-seconds:")
        p("")
        p("| label | cold | again, test cache off |")
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
    p("Both runs symbolize in the harness (`symbolize=0` for TSan, libdw in racekit): no")
    p("llvm-symbolizer process per reporting run.")
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
