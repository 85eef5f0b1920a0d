#!/bin/bash
# classroom_e2e.sh <racekit> <scratch-dir> - autograding where courses
# live: `racekit exercise --classroom` writes the assignment repository's
# .github/workflows/classroom.yml and .gitlab-ci.yml; after the teacher
# changes the points, `racekit grade --classroom` writes them again. Both
# files are parsed (python3 yaml) and the commands they name are run
# (ci_files.py: as the command grader and GitLab run them) in two student
# repositories, a correct repair and a wrong one (a lock per thread): the
# points each step earns add up to what `racekit grade` gives the same
# safe.c in a class; GitHub's steps carry the tests and points of racekit
# grade, the reporter names every step; GitLab's job fails for the wrong
# repair and its JUnit report carries the points. Points that are not
# whole numbers are refused (Classroom's max-score is one); `racekit grade
# --test` with a name the exercise has not is exit 2.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
ex="$SCRATCH/course/a1/counter"
bin="$SCRATCH/bin"
mkdir -p "$bin" && ln -s "$(cd "$(dirname "$RACEKIT")" && pwd)/$(basename "$RACEKIT")" "$bin/racekit"

out=$("$RACEKIT" exercise --classroom basics/counter "$ex" 2>&1) || { fail "racekit exercise --classroom: $out"; finish; }
gh="$ex/.github/workflows/classroom.yml"
gl="$ex/.gitlab-ci.yml"
[ -f "$gh" ] && [ -f "$gl" ] || fail "racekit exercise --classroom wrote no $gh or $gl: $out"
grep -q 'max-score: 1$' "$gh" || fail "classroom.yml: no step of 1 point: $(cat "$gh")"

# The teacher weighs the clean run (and the output) more, then writes the files again.
sed -i 's/^timeout: 10$/timeout: 4\npoints: clean=3, output=2/' "$ex/README.md"
out=$("$RACEKIT" grade --classroom "$ex" 2>&1); status=$?
expect_status 0
case "$out" in *"classroom.yml: GitHub Classroom's autograding, 7 tests, 10 points"*) ;; *) fail "grade --classroom: $out" ;; esac

# Two student repositories, named as Classroom names them (capitals too).
lock='s/^    counter++; \/\/ RACE$/    pthread_mutex_lock(\&lock);\n    counter++;\n    pthread_mutex_unlock(\&lock);/'
global='s/^static long counter;$/static long counter;\nstatic pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;/'
student() { cp -r "$ex" "$SCRATCH/repos/$1" && sed -i "$2" "$SCRATCH/repos/$1/safe.c"; }
mkdir -p "$SCRATCH/repos" "$SCRATCH/class/counter-Alice99" "$SCRATCH/class/counter-bob"
student counter-Alice99 "$global;$lock"
student counter-bob "$lock;s/^    (void)shared;$/    (void)shared;\n    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;/"
cp "$SCRATCH/repos/counter-Alice99/safe.c" "$SCRATCH/class/counter-Alice99/"
cp "$SCRATCH/repos/counter-bob/safe.c" "$SCRATCH/class/counter-bob/"

# What racekit grade gives them in a class: the points to find again.
"$RACEKIT" grade -o "$SCRATCH/book" "$ex" "$SCRATCH/class" >/dev/null 2>&1 || fail "racekit grade of the class"
points() { python3 -c 'import csv,sys; print(next(r["points"] for r in csv.DictReader(open(sys.argv[1])) if r["student"] == sys.argv[2]))' "$SCRATCH/book/grades.csv" "$1"; }
[ "$(points counter-Alice99)" = 10 ] || fail "the class gradebook gives the repair $(points counter-Alice99), not 10"
bob=$(points counter-bob)
[ "$bob" = 1 ] || fail "the class gradebook gives the wrong repair $bob, not 1 (compiles only)"

py="$here/ci_files.py"
for who in counter-Alice99 counter-bob; do
  want=$(points "$who")
  # GitHub Classroom: a command-grader step per test, the reporter after.
  json=$(python3 "$py" classroom-github "$gh" "$SCRATCH/repos/$who" "$bin" 2>"$SCRATCH/gh-$who.log") \
    || { fail "$who: classroom.yml: $(tail -5 "$SCRATCH/gh-$who.log")"; continue; }
  python3 - "$json" "$SCRATCH/book/grades.json" "$who" "$want" <<'PY' || fail "$who: GitHub Classroom's steps: $json"
import json, sys
got, book, who, want = json.loads(sys.argv[1]), json.load(open(sys.argv[2])), sys.argv[3], float(sys.argv[4])
# One step per test of racekit grade, in its order, with its points.
assert [(t[0], t[2]) for t in got["tests"]] == [(t["name"], t["points"]) for t in book["tests"]], got["tests"]
assert got["max"] == book["max"] == 10, got
assert got["points"] == want, (got["points"], want)
row = next(s for s in book["students"] if s["student"] == who)
# Each step passes exactly when racekit grade's test does.
for name, status, _ in got["tests"]:
    assert (status == 0) == (row["tests"][name]["verdict"] == "pass"), (name, status, row["tests"][name])
assert "# Feedback for " + who in got["summary"], got["summary"][:300]
PY
  # GitLab: one job, its JUnit report.
  json=$(python3 "$py" classroom-gitlab "$gl" "$SCRATCH/repos/$who" "$bin" 2>"$SCRATCH/gl-$who.log") \
    || { fail "$who: .gitlab-ci.yml: $(tail -5 "$SCRATCH/gl-$who.log")"; continue; }
  python3 - "$json" "$who" "$want" <<'PY' || fail "$who: GitLab's job: $json"
import json, sys
got, who, want = json.loads(sys.argv[1]), sys.argv[2], float(sys.argv[3])
assert got["points"] == want, (got["points"], want)
assert (got["status"] == 0) == (want == 10), got["status"]
assert [t[:2] for t in got["tests"]] == [["compiles", 1], ["clean", 3], ["detector", 1], ["checks-kept", 1],
                                        ["concurrent", 1], ["thread-work", 1], ["output", 2]], got["tests"]
PY
done
grep -q 'clean: fail: ThreadSanitizer reported data-race (safe.c:20 vs safe.c:20)' "$SCRATCH/gh-counter-bob.log" \
  || fail "the clean step of the wrong repair does not say why: $(grep -m3 clean "$SCRATCH/gh-counter-bob.log")"
# Every step after the first took the first one's grading back.
[ "$(grep -c '^counter-Alice99 .* (cached)$' "$SCRATCH/gh-counter-Alice99.log")" = 6 ] || fail "the steps graded again: $(cat "$SCRATCH/gh-counter-Alice99.log")"

# Classroom's points are whole numbers: 1.5 is refused, the files kept.
sed -i 's/^points: clean=3, output=2$/points: clean=1.5/' "$ex/README.md"
out=$("$RACEKIT" grade --classroom "$ex" 2>&1); status=$?
expect_status 1
case "$out" in *"README.md: points: GitHub Classroom gives whole points only, and clean has 1.5"*) ;; *) fail "1.5 points: $out" ;; esac
grep -q 'max-score: 3$' "$gh" || fail "a refused --classroom changed classroom.yml"

out=$(cd "$SCRATCH/repos/counter-bob" && "$RACEKIT" grade --test clen . 2>&1); status=$?
expect_status 2
case "$out" in *"--test: 'clen' is not a test of . (its tests: compiles, clean,"*) ;; *) fail "--test clen: $out" ;; esac
out=$("$RACEKIT" grade --classroom "$ex" "$SCRATCH/class" 2>&1); status=$?
expect_status 2
finish
