#!/usr/bin/env python3
"""hostile.py - what the hostile suite's shell scripts cannot check alone.

    hostile.py alive VAR=VALUE [EXE]  pids of live processes whose environment
                                      holds VAR=VALUE (zombies do not count);
                                      with EXE, only those whose executable's
                                      path contains EXE
    hostile.py procs                  "pid starttime uid" of every process
    hostile.py new BEFORE VAR=VALUE   like alive, but only processes that are
                                      not in BEFORE (an earlier `procs`)
    hostile.py result FILE EXPR...    FILE must parse as JSON (strict: no NaN,
                                      valid UTF-8); each EXPR, a Python
                                      expression on the result `d`, must be
                                      true. Prints the failures, exit 1.
    hostile.py field FILE EXPR        print EXPR evaluated on the result `d`
    hostile.py after FILE VAR=VALUE EXPR...
                                      what run_hostile.sh checks after a run,
                                      in one process: `result FILE EXPR...`
                                      (failures on stderr, exit 1), then on
                                      stdout the result's reason and, on a
                                      second line, `alive VAR=VALUE`
    hostile.py alljson DIR            every *.json under DIR is complete JSON
"""
import json
import os
import sys


def proc_entries():
    for name in os.listdir("/proc"):
        if name.isdigit():
            yield int(name)


def stat_fields(pid):
    with open(f"/proc/{pid}/stat", "rb") as f:
        text = f.read().decode("latin-1")
    # The command name may hold spaces and parentheses: split after the last ')'.
    return text[text.rindex(")") + 2:].split()


def alive(entry, exe=None):
    want = entry.encode()
    found = []
    for pid in proc_entries():
        try:
            if stat_fields(pid)[0] == "Z":
                continue
            with open(f"/proc/{pid}/environ", "rb") as f:
                env = f.read().split(b"\0")
            # exe: parts of the binary's path, any of them, split by '|'
            if want in env and (exe is None or any(e in os.readlink(f"/proc/{pid}/exe") for e in exe.split("|"))):
                found.append(pid)
        except OSError:
            continue
    return found


def table():
    for pid in proc_entries():
        try:
            start = stat_fields(pid)[19]
            uid = os.stat(f"/proc/{pid}").st_uid
        except (OSError, IndexError, ValueError):
            continue
        yield pid, start, uid


def procs():
    for pid, start, uid in table():
        print(pid, start, uid)


def new_since(before, entry):
    with open(before) as f:
        seen = {tuple(line.split()[:2]) for line in f if line.strip()}
    starts = {pid: start for pid, start, _ in table()}
    return [pid for pid in alive(entry) if (str(pid), starts.get(pid)) not in seen]


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")  # strict: invalid UTF-8 raises

    def no_constants(name):
        raise ValueError(f"{path}: non-JSON constant {name}")

    return json.loads(text, parse_constant=no_constants)


def check_result(path, d, exprs, out):
    """Evaluate each expression on the result `d`; print the false ones to
    `out`; return how many failed."""
    failed = 0
    for expr in exprs:
        try:
            ok = eval(expr, {}, {"d": d})
        except Exception as e:  # a missing key is a failed check too
            ok, expr = False, f"{expr} ({e!r})"
        if not ok:
            print(f"{path}: expected {expr}", file=out)
            failed += 1
    return failed


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "alive":
        print(" ".join(str(p) for p in alive(argv[2], argv[3] if len(argv) > 3 else None)))
        return 0
    if cmd == "procs":
        procs()
        return 0
    if cmd == "new":
        print(" ".join(str(p) for p in new_since(argv[2], argv[3])))
        return 0
    if cmd == "alljson":
        bad = 0
        for root, _, files in os.walk(argv[2]):
            for name in files:
                if name.endswith(".json"):
                    try:
                        load(os.path.join(root, name))
                    except (ValueError, UnicodeDecodeError) as e:
                        print(f"{os.path.join(root, name)}: not complete JSON: {e}")
                        bad += 1
        return 1 if bad else 0
    if cmd in ("result", "field"):
        try:
            d = load(argv[2])
        except (OSError, ValueError, UnicodeDecodeError) as e:
            print(f"{argv[2]}: not a complete JSON result: {e}")
            return 1
        if cmd == "field":
            print(eval(argv[3], {}, {"d": d}))
            return 0
        return 1 if check_result(argv[2], d, argv[3:], sys.stdout) else 0
    if cmd == "after":
        failed, reason = 1, ""
        try:
            d = load(argv[2])
            failed = check_result(argv[2], d, argv[4:], sys.stderr)
            reason = d.get("reason", "")
        except (OSError, ValueError, UnicodeDecodeError) as e:
            print(f"{argv[2]}: not a complete JSON result: {e}", file=sys.stderr)
        print(str(reason).replace("\n", " "))
        print(" ".join(str(p) for p in alive(argv[3])))
        return 1 if failed else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
