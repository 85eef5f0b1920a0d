#!/usr/bin/env python3
"""ci/detectors_doc.py - docs/detectors.md from a real run of every detector
(see ci/detectors-doc.sh, which calls this with the right arguments).

  detectors_doc.py write <racekit> <results-dir> <doc>
      Fill the two generated blocks of <doc>: the comparison table from
      `racekit report --format json` on <results-dir> plus the overhead
      computed here from the result files, and the list of cases where
      detectors disagree from the front matter (`racekit meta`), keeping the
      "why" text of each case from <doc>. The prose around them is the doc's.
  detectors_doc.py check <racekit> <doc>
      Exit 1, naming each difference, unless the disagreement list of <doc>
      has one row per case with `expect.<d>` / `false-alarm.<d>` keys, with
      exactly those keys and values, and a "why" for each. No detector runs.
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DETECTORS = ["tsan", "tsan-clang16", "tsan-clang19", "tsan-gcc", "helgrind", "drd"]
DISAGREE_HEADING = "## Where the detectors disagree"
TABLE_HEADER = "| case | recorded in the front matter | why |"
NO_WHY = "**why: not written yet**"
# A key as it appears in the doc: `expect.helgrind: data-race, invariant`.
KEY_RE = re.compile(r"`((?:expect|false-alarm)\.[a-z0-9-]+): ([^`]*)`")
ROW_RE = re.compile(r"^\| \[([a-z0-9-]+/[a-z0-9-]+)\]\([^)]*\) \| (.*?) \| (.*) \|$")


def read_meta(racekit):
    """{case id: (expect items, [(key, value), ...])} from `racekit meta`:
    the case's own `expect`, and its per-detector keys in the order written."""
    meta = {}
    cases_dir = os.path.join(ROOT, "cases")
    for topic in sorted(os.listdir(cases_dir)):
        if not os.path.isdir(os.path.join(cases_dir, topic)):
            continue  # cases/COURSE and other files beside the topics
        for name in sorted(os.listdir(os.path.join(cases_dir, topic))):
            case_dir = os.path.join(cases_dir, topic, name)
            if not os.path.isdir(case_dir):
                continue
            out = subprocess.run([racekit, "meta", case_dir], capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(out.stderr.strip() or "racekit meta failed on " + case_dir)
            expect, keys = [], []
            for line in out.stdout.splitlines():
                k, _, v = line.partition("=")
                if k == "expect":
                    expect = [item.strip() for item in v.split(",")]
                elif k.startswith(("expect.", "false-alarm.")):
                    keys.append((k, v))
            meta[topic + "/" + name] = (expect, keys)
    return meta


def front_matter_keys(racekit):
    """{case id: [(key, value), ...]} for every case with per-detector keys."""
    return {case: keys for case, (_, keys) in read_meta(racekit).items() if keys}


def doc_rows(doc):
    """[(line number, case, [(key, value)], why)] of the disagreement table."""
    rows = []
    if not os.path.exists(doc):
        return rows
    inside = False
    with open(doc, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("## "):
                inside = line == DISAGREE_HEADING
                continue
            m = ROW_RE.match(line) if inside else None
            if m:
                rows.append((no, m.group(1), KEY_RE.findall(m.group(2)), m.group(3).strip()))
    return rows


def check(racekit, doc):
    want = front_matter_keys(racekit)
    rel = os.path.relpath(doc, ROOT)
    problems = []
    seen = set()
    for no, case, keys, why in doc_rows(doc):
        if case in seen:
            problems.append(f"{rel}:{no}: a second row for {case}")
        seen.add(case)
        if case not in want:
            problems.append(f"{rel}:{no}: {case} has no expect.<detector> or false-alarm.<detector> "
                            "key in its front matter: remove the row")
            continue
        for k, v in keys:
            if (k, v) not in want[case]:
                problems.append(f"{rel}:{no}: `{k}: {v}` is not in cases/{case}/README.md")
        for k, v in want[case]:
            if (k, v) not in keys:
                problems.append(f"{rel}:{no}: cases/{case}/README.md has `{k}: {v}`, the row does not")
        if not why or why == NO_WHY:
            problems.append(f"{rel}:{no}: {case}: say in one line why the detectors disagree")
    for case in sorted(set(want) - seen):
        keys = ", ".join(f"{k}: {v}" for k, v in want[case])
        problems.append(f"{rel}: no row for {case} ({keys}): add one under '{DISAGREE_HEADING}'")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print("(ci/detectors-doc.sh <build-dir> rewrites the rows from the front matter; "
              "the why is yours to write)", file=sys.stderr)
    return 1 if problems else 0


def load_results(results_dir):
    """{detector: [result dict, ...]} from <results-dir>/<d>/<topic>/<name>/<variant>.json."""
    by_detector = {}
    for d in sorted(os.listdir(results_dir)):
        for dirpath, _, files in os.walk(os.path.join(results_dir, d)):
            for f in files:
                if f.endswith(".json") and not f.startswith("."):
                    with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                        by_detector.setdefault(d, []).append(json.load(fh))
    return by_detector


def overhead(results):
    """Median slowdown and memory factor of one detector against the plain
    witness build of the same variants (see the doc for what is left out)."""
    times, mems = [], []
    for r in results:
        w = r.get("witness")
        ex = r.get("exit") or {}
        if (r["verdict"] == "skip" or r["outcome"] in ("hang", "tool-error", "build-error")
                or not w or w.get("hang_runs") or not w.get("duration_s")):
            continue
        if r.get("duration_s"):
            times.append(r["duration_s"] / w["duration_s"])
        if ex.get("max_rss_kb") and w.get("max_rss_kb"):
            mems.append(ex["max_rss_kb"] / w["max_rss_kb"])
    med = lambda v: statistics.median(v) if v else None
    return med(times), med(mems), len(times)


def fmt(x, digits=2):
    return "-" if x is None else f"{x:.{digits}f}"


RACE_KINDS = {"data-race", "heap-use-after-free"}


def score(rows, expects):
    """The confusion matrix of one detector on one population for all: the
    positives are the unsafe variants of the cases whose own `expect` has a
    race kind or `missed` (whatever the detector's `expect.<d>` says, so a
    lock-order case DRD is blind to is not a missed race); TP when the
    detector reported a race kind there. Safe variants keep the
    scoreboard's class (FP: any report, known false alarms included)."""
    c = {"TP": 0, "FP": 0, "TN": 0, "FN": 0, "matched": 0, "marked": 0}
    for r in rows:
        if r["verdict"] == "skip" or r["outcome"] in ("tool-error", "build-error"):
            continue
        if r["variant"] == "safe":
            if r["class"] in ("FP", "TN"):
                c[r["class"]] += 1
            continue
        if not set(expects.get(r["case"], [])) & (RACE_KINDS | {"missed"}):
            continue
        c["TP" if set(r["kinds"]) & RACE_KINDS else "FN"] += 1
        c["matched"] += r["lines_matched"]
        c["marked"] += r["lines_marked"]
    ratio = lambda a, b: a / b if b else None
    c["precision"] = ratio(c["TP"], c["TP"] + c["FP"])
    c["recall"] = ratio(c["TP"], c["TP"] + c["FN"])
    c["f1"] = ratio(2 * c["TP"], 2 * c["TP"] + c["FP"] + c["FN"])
    c["line_recall"] = ratio(c["matched"], c["marked"])
    return c


def tool_name(detector, compilers):
    """"clang 14.0.6", "gcc 12.2.0", "Valgrind helgrind, gcc 12.2.0 -O1"."""
    names = [re.sub(r"\s*\([^)]*\)", "", c).replace("Debian ", "").replace(" version", "") for c in compilers]
    tool = "; ".join(names)
    return f"Valgrind {detector}, {tool} -O1" if detector in ("helgrind", "drd") else tool


def comparison_table(racekit, results_dir):
    report = subprocess.run([racekit, "report", "--format", "json", results_dir],
                            capture_output=True, text=True)
    if report.returncode != 0:
        sys.exit(f"racekit report failed on {results_dir}:\n{report.stderr}")
    scores = {d["detector"]: d for d in json.loads(report.stdout)["detectors"]}
    expects = {case: expect for case, (expect, _) in read_meta(racekit).items()}
    results = load_results(results_dir)
    lines = [
        "| detector | compiler or tool | cases | unsafe as expected | TP | FP | TN | FN | precision | recall | F1 "
        "| line recall | median slowdown | memory factor |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    witness_runs = set()
    for d in DETECTORS:
        s = scores.get(d)
        rows = results.get(d, [])
        judged = [r for r in rows if r["verdict"] != "skip"]
        if s is None or not judged:
            why = "not installed: its tests skipped" if rows else "not run"
            lines.append(f"| `{d}` | {why} | - | - | - | - | - | - | - | - | - | - | - | - |")
            continue
        for r in judged:
            if r.get("witness"):
                witness_runs.add(r["witness"]["runs"])
        slow, mem, _ = overhead(judged)
        c = score(s["rows"], expects)
        lines.append(
            f"| `{d}` | {tool_name(d, s['compilers'])} | {s['cases']} | {s['unsafe_as_expected']}/{s['unsafe']} "
            f"| {c['TP']} | {c['FP']} | {c['TN']} | {c['FN']} | {fmt(c['precision'], 3)} "
            f"| {fmt(c['recall'], 3)} | {fmt(c['f1'], 3)} | {fmt(c['line_recall'], 3)} "
            f"| {fmt(slow, 1)}x | {fmt(mem, 1)}x |")
    return lines, witness_runs


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    valgrind = subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {os.cpu_count()} CPUs, Linux {platform.release()}, {valgrind or 'no valgrind'}"


def disagreement_rows(racekit, doc):
    why = {case: text for _, case, _, text in doc_rows(doc)}
    lines = [TABLE_HEADER, "|---|---|---|"]
    for case, keys in sorted(front_matter_keys(racekit).items()):
        shown = ", ".join(f"`{k}: {v}`" for k, v in keys)
        lines.append(f"| [{case}](../cases/{case}/README.md) | {shown} | {why.get(case) or NO_WHY} |")
    return lines


def replace_block(text, name, lines, rel):
    """Put `lines` between <!-- generated: name --> and <!-- /generated: name -->."""
    begin, end = f"<!-- generated: {name} -->", f"<!-- /generated: {name} -->"
    i, j = text.find(begin), text.find(end)
    if i < 0 or j < i:
        sys.exit(f"{rel}: no '{begin}' ... '{end}' block to fill")
    return text[:i + len(begin)] + "\n" + "\n".join(lines) + "\n" + text[j:]


def write(racekit, results_dir, doc):
    rel = os.path.relpath(doc, ROOT)
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    table, witness_runs = comparison_table(racekit, results_dir)
    # A variant that hung stops after two hangs (harness/run/witness.h).
    runs = f"up to {max(witness_runs)}" if witness_runs else "no"
    expects = [expect for expect, _ in read_meta(racekit).values()]
    races = sum(1 for e in expects if set(e) & (RACE_KINDS | {"missed"}))
    about = [f"Measured on: {machine()}; {runs} witness runs per variant (fewer once one hung twice); "
             f"{races} race cases (positives) and {len(expects)} safe variants (negatives)."]
    text = replace_block(text, "comparison", about + [""] + table, rel)
    text = replace_block(text, "disagreements", disagreement_rows(racekit, doc), rel)
    tmp = doc + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, doc)
    print(f"wrote {rel}")
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "write":
        return write(argv[2], argv[3], argv[4])
    if len(argv) == 4 and argv[1] == "check":
        return check(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
