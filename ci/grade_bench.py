#!/usr/bin/env python3
"""ci/grade_bench.py - the class that ci/grade-bench.sh grades.

  grade_bench.py make <cases-dir> <exercise> <submissions-dir> <n> [kinds]
      write n submissions of the exercise (withdraw or counter, from the
      folder's name) into <submissions-dir>/<student>/safe.c, and
      <submissions-dir>.want, one line "<student> pass|fail <kind>" each:
      correct repairs (some printing different outputs), wrong repairs,
      compile errors, hangs, output floods and attacks. Every submission
      differs by its first line, so none is graded from another's cache.
      kinds (comma-separated, e.g. reference,atomic-check-then-act) keeps
      only those variants.
  grade_bench.py check <submissions-dir>.want <gradebook>/grades.csv
      compare the gradebook with what each submission deserves (pass: every
      point; fail: fewer) and print one line per wrong grade, then
      "right R of N".
"""
import csv
import os
import re
import sys


def lines_without(text, pattern):
    return "\n".join(l for l in text.split("\n") if not re.search(pattern, l))


def strip_order(text):
    """The program without racekit's ordering barrier, as a student writes
    it: its lines go, and an `if` that only guarded one."""
    out = []
    for line in text.split("\n"):
        if "racekit_order" in line:
            if out and re.match(r"\s*if \(.*\)\s*$", out[-1]):
                out.pop()
            continue
        out.append(line)
    return "\n".join(out)


def withdraw_variants(safe, unsafe):
    no_order = strip_order(safe)
    unsafe_no_order = strip_order(unsafe)
    whole_lock = no_order.replace(
        """    pthread_mutex_lock(&account_lock);
    int enough = balance >= amount;
    if (enough)
        balance -= amount;
    pthread_mutex_unlock(&account_lock);
    return enough;""",
        """    int paid = 0;
    pthread_mutex_lock(&account_lock);
    if (balance >= amount) {
        balance -= amount;
        paid = 1;
    }
    pthread_mutex_unlock(&account_lock);
    return paid;""")
    atomic_body_start = no_order.index("static long balance")
    atomic_body_end = no_order.index("static void customer")
    header = no_order[:atomic_body_start]

    def atomic(body):
        return (header + "#include <stdatomic.h>\n\nstatic _Atomic long balance = 100;\nstatic int approved[2];\n\n"
                + body + "\n" + no_order[atomic_body_end:])
    cas = atomic("""static int withdraw(long amount)
{
    long seen = atomic_load(&balance);
    while (seen >= amount)
        if (atomic_compare_exchange_weak(&balance, &seen, seen - amount))
            return 1;
    return 0;
}
""")
    check_then_act = atomic("""static int withdraw(long amount)
{
    int enough = atomic_load(&balance) >= amount;
    if (enough)
        atomic_fetch_sub(&balance, amount);
    return enough;
}
""")
    no_locks = lines_without(unsafe_no_order, r"pthread_mutex_(lock|unlock)")
    unseen = no_locks.replace("static int withdraw(", '__attribute__((no_sanitize("thread"))) static int withdraw(')
    sequential = no_order.replace("    racekit_run(2, customer, NULL);",
                                  "    customer(0, NULL);\n    customer(1, NULL);")
    deadlock = no_order.replace("    int enough = balance >= amount;",
                                "    pthread_mutex_lock(&account_lock);\n    int enough = balance >= amount;")
    flood = no_order.replace('    printf("approved:',
                             '    for (long i = 0; i < 400000; i++)\n'
                             '        printf("flooding the output with line %ld\\n", i);\n    printf("approved:')
    return [
        ("pass", "reference", safe),
        ("pass", "no-barrier", no_order),
        ("pass", "whole-lock", whole_lock),
        ("pass", "compare-exchange", cas),
        ("fail", "unchanged", unsafe),
        ("fail", "unchanged-no-barrier", unsafe_no_order),
        ("fail", "atomic-check-then-act", check_then_act),
        ("fail", "no-locks", no_locks),
        ("fail", "no-sanitize", unseen),
        ("fail", "check-removed", lines_without(no_order, r"RACEKIT_CHECK")),
        ("fail", "no-threads", sequential),
        ("fail", "compile-error", no_order.replace("return enough;", "return enough")),
        ("fail", "deadlock", deadlock),
        ("fail", "output-flood", flood),
        ("fail", "other-output", no_order.replace("approved: %d and %d", "approved %d, %d")),
    ]


def counter_variants(safe, unsafe):
    no_order = strip_order(safe)
    unsafe_no_order = strip_order(unsafe)
    atomic = (unsafe_no_order.replace("static long counter;", "#include <stdatomic.h>\n\nstatic _Atomic long counter;")
              .replace("    counter++; // RACE", "    atomic_fetch_add(&counter, 1);"))
    locked = """    pthread_mutex_lock(&counter_lock);
    counter++;
    pthread_mutex_unlock(&counter_lock);
"""
    helper = no_order.replace(locked, "    bump();\n").replace(
        "static void add_one", "static void bump(void)\n{\n" + locked + "}\n\nstatic void add_one")
    one_side = unsafe_no_order.replace("    counter++; // RACE", """    if (index == 0) {
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    } else {
        counter++;
    }""")
    spin = no_order.replace("    racekit_run(2, add_one, NULL);", "    racekit_run(2, add_one, NULL);\n    for (volatile int forever = 1; forever;)\n        ;")
    flood = no_order.replace('    printf("counter', '    for (long i = 0; i < 400000; i++)\n'
                             '        printf("flooding the output with line %ld\\n", i);\n    printf("counter')
    unseen = unsafe_no_order.replace("static void add_one", '__attribute__((no_sanitize("thread"))) static void add_one')
    return [
        ("pass", "reference", safe),
        ("pass", "no-barrier", no_order),
        ("pass", "atomic", atomic),
        ("pass", "helper", helper),
        ("fail", "unchanged", unsafe),
        ("fail", "unchanged-no-barrier", unsafe_no_order),
        ("fail", "one-side-locked", one_side),
        ("fail", "no-sanitize", unseen),
        ("fail", "check-removed", lines_without(no_order, r"RACEKIT_CHECK")),
        ("fail", "no-threads", no_order.replace("    racekit_run(2, add_one, NULL);", "    counter = 2;")),
        ("fail", "compile-error", no_order.replace("counter++;", "counter++")),
        ("fail", "hang", spin),
        ("fail", "output-flood", flood),
        ("fail", "other-output", no_order.replace("counter = %ld", "total: %ld")),
    ]


def make(cases, exercise, subs, n, kinds=None):
    kind = "withdraw" if "withdraw" in os.path.basename(exercise.rstrip("/")) else "counter"
    src = os.path.join(cases, "check-then-act/withdraw" if kind == "withdraw" else "basics/counter")
    safe = open(os.path.join(src, "safe.c")).read()
    unsafe = open(os.path.join(src, "unsafe.c")).read()
    variants = (withdraw_variants if kind == "withdraw" else counter_variants)(safe, unsafe)
    for want, name, text in variants:
        if want == "pass" and text == safe and name != "reference":
            sys.exit(f"grade_bench.py: the {kind} variant {name} did not apply")
        if want == "fail" and text == safe:
            sys.exit(f"grade_bench.py: the {kind} variant {name} did not apply")
    if kinds:
        unknown = set(kinds) - {name for _, name, _ in variants}
        if unknown:
            sys.exit(f"grade_bench.py: no {kind} variant named {', '.join(sorted(unknown))}")
        variants = [v for v in variants if v[1] in kinds]
    os.makedirs(subs, exist_ok=True)
    with open(subs.rstrip("/") + ".want", "w") as out:
        for i in range(n):
            want, name, text = variants[i % len(variants)]
            student = f"{kind}-{i + 1:03d}-{name}"
            os.makedirs(os.path.join(subs, student), exist_ok=True)
            with open(os.path.join(subs, student, "safe.c"), "w") as f:
                f.write(f"/* submission {i + 1} of the class ({name}) */\n" + text)
            out.write(f"{student} {want} {name}\n")


def check(want_file, grades):
    rows = {r["student"]: r for r in csv.DictReader(open(grades))}
    right = total = 0
    for line in open(want_file):
        student, want, name = line.split()
        total += 1
        r = rows.get(student)
        if r is None:
            print(f"{student}: not in the gradebook")
            continue
        full = float(r["points"]) == float(r["max"])
        if full == (want == "pass"):
            right += 1
        else:
            print(f"{student}: want {want}, got {r['points']}/{r['max']}")
    print(f"right {right} of {total}")
    return 0 if right == total else 1


if __name__ == "__main__":
    if len(sys.argv) in (6, 7) and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]),
             sys.argv[6].split(",") if len(sys.argv) == 7 else None)
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
