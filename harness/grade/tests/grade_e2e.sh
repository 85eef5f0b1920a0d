#!/bin/bash
# grade_e2e.sh <racekit> <scratch-dir> - racekit grade end to end: an
# exercise made from basics/counter and a class of submissions (a real
# repair in Alice_99/, a wrong one in bob.smith/, one that does not
# compile, one that hangs, one that floods stdout, a clone with safe.c at
# the exercise's path, a folder without safe.c) graded with -j2 into a
# gradebook; the CSV's points and verdicts, the HTML's order (worst first)
# and escaping, the feedback's line and commands; a second run grades
# nothing (every row "(cached)", "0 graded"), a changed submission is the
# only one graded again; a schedule-dependent exercise is judged by
# racekit's scheduler too (its test, its replay); the exercise folder
# alone grades its own safe.c; bad usage is one line and exit 2.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
ex="$SCRATCH/course/a1/counter"
subs="$SCRATCH/submissions"
book="$SCRATCH/book"

"$RACEKIT" exercise basics/counter "$ex" >/dev/null || { fail "racekit exercise basics/counter"; finish; }
# Two points for a clean run, the rest one each (the map form).
sed -i 's/^timeout: 10$/timeout: 4\npoints: clean=2/' "$ex/README.md"

# submission NAME-AND-PATH - write stdin as that safe.c below $subs.
submission() { mkdir -p "$(dirname "$subs/$1")" && cat >"$subs/$1"; }
# repair SED-EXPR - the exercise's safe.c, edited.
repair() { sed "$1" "$ex/safe.c"; }
lock='s/^    counter++; \/\/ RACE$/    pthread_mutex_lock(\&lock);\n    counter++;\n    pthread_mutex_unlock(\&lock);/'
global='s/^static long counter;$/static long counter;\nstatic pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;/'
repair "$global;$lock" | submission Alice_99/safe.c
# bob.smith: a lock of each thread's own, so nothing is ordered; the race stays.
repair "$lock;s/^    (void)shared;$/    (void)shared;\n    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;/" | submission bob.smith/safe.c
repair 's/^    counter++; \/\/ RACE$/    counter++ \/\/ no semicolon/' | submission carol/safe.c
repair "$global;$lock;s/^    return 0;$/    for (;;) pause();/" | submission dave/safe.c
repair "$global;$lock;s/^    return 0;$/    for (;;) puts(\"flood flood flood flood\");/" | submission erin/safe.c
repair "$global;$lock" | submission frank-repo/a1/counter/safe.c
repair "$global" | submission frank-repo/old/safe.c # not at the exercise's path: not graded
mkdir -p "$subs/frank-repo/.git" "$subs/grace<b>"
echo "a note" >"$subs/notes.txt"

grade() { out=$("$RACEKIT" grade "$@" 2>"$SCRATCH/stderr"); status=$?; err=$(cat "$SCRATCH/stderr"); }
grade -j2 --timeout 120 -o "$book" "$ex" "$subs"
expect_status 0
csv="$book/grades.csv"
[ -f "$csv" ] && [ -f "$book/grades.json" ] && [ -f "$book/index.html" ] || fail "gradebook files missing: $(ls "$book")"
case "$out" in *"notes.txt is not a folder"*) ;; *) fail "a file among the submissions was not left out with a note: $out" ;; esac
case "$out" in *"7 submissions: 6 graded, 0 unchanged (cached)"*) ;; *) fail "first run's count: $out" ;; esac

# csv_row STUDENT EXPR WANT - EXPR on that student's CSV row (a dict) is WANT.
csv_expect() {
  got=$(python3 - "$csv" "$1" "$2" <<'PY'
import csv, sys
rows = {r["student"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
r = rows.get(sys.argv[2])
print(eval(sys.argv[3]) if r else "no row")
PY
)
  [ "$got" = "$3" ] || fail "grades.csv: $1: $2 is '$got', want '$3'"
}
# max: compiles 1, clean 2, detector, checks-kept, concurrent, thread-work, output 1 each.
csv_expect Alice_99 '(r["points"], r["max"], r["check"])' "('8', '8', 'pass')"
csv_expect frank-repo '(r["points"], r["check"])' "('8', 'pass')"
python3 - "$book/grades.json" <<'PY' || fail "grades.json: frank's safe.c was not found at the exercise's path"
import json, sys
rows = {s["student"]: s for s in json.load(open(sys.argv[1]))["students"]}
assert rows["frank-repo"]["source"] == "frank-repo/a1/counter/safe.c", rows["frank-repo"]
assert rows["Alice_99"]["tests"]["clean"] == {"verdict": "pass", "reason": "1 run clean", "points": 2}, rows["Alice_99"]
PY
csv_expect bob.smith '(r["points"], r["compiles"], r["clean"], r["output"])' "('1', 'pass', 'fail', 'not run')"
csv_expect bob.smith '"data-race (safe.c:20 vs safe.c:20)" in r["clean reason"]' "True"
csv_expect carol '(r["points"], r["compiles"], r["clean"])' "('0', 'fail', 'not run')"
csv_expect carol 'r["compiles reason"].startswith("safe.c does not compile: safe.c:18:")' "True"
csv_expect dave '(r["points"], r["clean"], r["clean reason"].startswith("did not finish within 4 s"))' "('1', 'fail', True)"
csv_expect erin '(r["points"], r["compiles"], r["clean"])' "('1', 'pass', 'fail')"
csv_expect 'grace<b>' '(r["points"], r["compiles"], "no safe.c" in r["compiles reason"])' "('0', 'not run', True)"
python3 - "$csv" <<'PY' || fail "grades.csv is not 7 rows of one width with a header"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert len(rows) == 8 and len({len(r) for r in rows}) == 1, rows
assert rows[0][:4] == ["student", "points", "max", "check"], rows[0]
PY
grep -q '"clean reason"\|,"' "$csv" || fail "no reason was quoted in grades.csv (reasons hold commas)"

# The class page: worst first, the untrusted name escaped, a link per student.
python3 - "$book/index.html" <<'PY' || fail "index.html: rows not worst first, or a name unescaped"
import re, sys
page = open(sys.argv[1]).read()
names = re.findall(r'<tr class="[a-z]+"><td><a href="feedback/([^"]+)\.md">', page)
points = [float(p) for p in re.findall(r'</a></td><td>([0-9.]+) / ', page)]
assert len(names) == 7 and points == sorted(points), (names, points)
assert names[-2:] == ["Alice_99", "frank-repo"], names
assert "grace%3Cb%3E" in names and "<b>" not in page.split("<table>")[1], names
PY

# Feedback: what failed, the line, the commands, the hint.
fb="$book/feedback/bob.smith.md"
grep -q '^\*\*clean\*\*: ThreadSanitizer reported data-race (safe.c:20 vs safe.c:20)' "$fb" || fail "bob's feedback does not say what failed: $(cat "$fb")"
grep -q '^At safe.c:20:' "$fb" && grep -q '^ *counter++;$' "$fb" || fail "bob's feedback does not show the failing line"
grep -q "check .*course/a1/counter safe$" "$fb" || fail "bob's feedback has no check command"
grep -q "check --runs 1 .*/scratch/bob-smith-[0-9a-f]*/counter safe$" "$fb" || fail "bob's feedback has no grader's command"
grep -q '^## Hint' "$fb" && grep -q 'The fix uses pthread_mutex_t' "$fb" || fail "bob's feedback has no hint"
grep -q '8 of 8 points' "$book/feedback/Alice_99.md" || fail "Alice's feedback: $(head -3 "$book/feedback/Alice_99.md")"
grep -q '^## What failed' "$book/feedback/Alice_99.md" && fail "Alice's feedback lists a failure"

# Unchanged: nothing graded again, every graded row says (cached).
grade -j2 --timeout 120 -o "$book" "$ex" "$subs"
expect_status 0
case "$out" in *"7 submissions: 0 graded, 6 unchanged (cached)"*) ;; *) fail "second run graded again: $out" ;; esac
[ "$(grep -v '^grade: ' <<<"$out" | grep -c ' (cached)$')" = 6 ] || fail "second run: not every graded row says (cached): $out"
csv_expect Alice_99 'r["points"]' "8"

# One submission changed: only it is graded again.
repair "$global;$lock" | submission bob.smith/safe.c
grade -j2 --timeout 120 -o "$book" "$ex" "$subs"
case "$out" in *"7 submissions: 1 graded, 5 unchanged (cached)"*) ;; *) fail "a changed submission: $out" ;; esac
grep -q '^bob.smith .* 8/8  pass$' <<<"$out" || fail "bob's repair was not graded again: $out"
csv_expect bob.smith 'r["points"]' "8"

# Both judges: a schedule-dependent case has the scheduler's test, and the
# bug that the run may miss fails it with a replay in the feedback.
wd="$SCRATCH/course/a1/withdraw"
"$RACEKIT" exercise check-then-act/withdraw "$wd" >/dev/null || fail "racekit exercise check-then-act/withdraw"
mkdir -p "$SCRATCH/class2/ann" "$SCRATCH/class2/ben"
cp "$here/../../../cases/check-then-act/withdraw/safe.c" "$SCRATCH/class2/ann/safe.c"
cp "$wd/safe.c" "$SCRATCH/class2/ben/safe.c"
grade -j2 -o "$SCRATCH/book2" "$wd" "$SCRATCH/class2"
expect_status 0
csv="$SCRATCH/book2/grades.csv"
csv_expect ann '(r["points"], r["max"], r["schedules"], r["output"])' "('8', '8', 'pass', 'pass')"
csv_expect ann '"no failing schedule in 100, among them every schedule with <=" in r["schedules reason"]' "True"
csv_expect ben '(r["check"], r["schedules"])' "('fail', 'fail')"
grep -q "replay .*course/a1/withdraw safe --schedule [0-9]" "$SCRATCH/book2/feedback/ben.md" ||
  fail "ben's feedback has no replay command: $(cat "$SCRATCH/book2/feedback/ben.md")"

# Without <submissions>: the exercise folder's own safe.c (a student's
# repository), here the bug it starts with.
grade -o "$SCRATCH/self" "$ex"
expect_status 0
case "$out" in *"counter                  1/8  clean failed"*"grade: 1 submission: 1 graded"*) ;; *) fail "the exercise's own safe.c: $out" ;; esac

# Bad usage: one line, exit 2.
grade
expect_status 2
[ "$(wc -l <<<"$err")" = 1 ] || fail "missing operand: not one line: $err"
grade "$SCRATCH/nowhere" "$subs"
expect_status 2
case "$err" in *"nowhere: No such file or directory"*) ;; *) fail "missing exercise: $err" ;; esac
grade "$subs" "$subs"
expect_status 2
case "$err" in *"not an exercise folder"*) ;; *) fail "not an exercise: $err" ;; esac
sed -i 's/^points: clean=2$/points: clen=2/' "$ex/README.md"
grade -o "$book" "$ex" "$subs"
expect_status 2
case "$err" in *"README.md:5: points: 'clen' is not a test of this exercise"*) ;; *) fail "bad points: $err" ;; esac
finish
