#!/bin/bash
# lessons_e2e.sh <racekit> <repository-root> <scratch-dir> - `racekit
# lessons` and the course file (docs/course.md): on a scratch course of
# three lessons, every variant is "not run" on fresh results and "passed"
# after `racekit check` of one; a failing, a damaged and an explore result;
# --week and bad input; a COURSE that names a lesson twice or one that is
# not there, and the other mistakes of the format, each one line naming
# the file and the line; a case with no place listed after the course.
# Then ci/course.sh on a copy of the kit: a student's new case is a note,
# a case the kit ships with no place fails (and --strict fails on both).
here=$(cd "$(dirname "$0")" && pwd)
root=$2
. "$here/../../tests/e2e_lib.sh" "$1" "$3"
cases="$SCRATCH/cases"

lessons() { out=$("$RACEKIT" lessons --cases-root "$cases" "$@" 2>"$SCRATCH/stderr"); status=$?; err=$(cat "$SCRATCH/stderr"); }
has() { grep -qF -- "$1" <<<"$out" || fail "lessons output lacks '$1':
$out"; }
has_line() { grep -qE -- "$1" <<<"$out" || fail "no line matches '$1':
$out"; }
# refused TEXT ARGS... - racekit lessons ARGS exits 2 with one line on stderr holding TEXT.
refused() {
  local text=$1
  shift
  lessons "$@"
  [ "$status" = 2 ] || fail "lessons $*: exit status $status, want 2 ($err)"
  [ "$(grep -c . <<<"$err")" = 1 ] || fail "lessons $*: want one line on stderr, got: $err"
  grep -qF -- "$text" <<<"$err" || fail "lessons $*: '$err' lacks '$text'"
}

# Three lessons from the lint fixture that passes every check.
for name in first second third; do
  mkdir -p "$cases/course"
  cp -r "$here/fixtures/lint/good" "$cases/course/$name"
  sed -i "s/^title: .*/title: The $name lesson/" "$cases/course/$name/README.md"
done
write_course() {
  cat >"$cases/COURSE" <<EOF
# a scratch course
week 1: The first week
chapter: OSTEP 26
exercise: course/first
step: course/second unsafe
choices: 1,2
course/first
course/second

week 2: The second week
chapter: CS:APP 12.3
about: One paragraph.
exercise: course/third
step: course/third unsafe
course/third
EOF
}
write_course

# Fresh results: every variant not run.
lessons
expect_status 0
has "week 1: The first week"
has "  chapter: OSTEP 26"
has_line '^  course/first +unsafe: not run +safe: not run +The first lesson$'
has_line '^  course/third +unsafe: not run +safe: not run +The third lesson$'
has "exercise: $RACEKIT exercise $cases/course/first homework/first"
has "step:     $RACEKIT step $cases/course/second unsafe"
has "$RACEKIT step --choices 1,2 $cases/course/second unsafe"
has "2 weeks: 3 lessons, 6 variants: 0 passed, 0 failed, 6 not run"
# In the course's order: first, second, third.
order=$(sed -n 's/^  \(course\/[a-z]*\) .*/\1/p' <<<"$out" | tr '\n' ' ')
[ "$order" = "course/first course/second course/third " ] || fail "lessons out of the course's order: $order"

# After racekit check of one variant: passed.
run_check --cases-root "$cases" "$cases/course/first" unsafe
expect_status 0
lessons
expect_status 0
has_line '^  course/first +unsafe: passed +safe: not run +The first lesson$'
has "2 weeks: 3 lessons, 6 variants: 1 passed, 0 failed, 5 not run"

# A failing check result, an explore result standing in for a missing
# check, an explore result that judged nothing, a skipped check.
mkdir -p "$SCRATCH/results/tsan/course/second" "$SCRATCH/results/explore/course/third" "$SCRATCH/results/explore/course/second"
python3 - "$SCRATCH/results/tsan/course/first/unsafe.json" "$SCRATCH/results/tsan/course/second/safe.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d.update(variant="safe", case="course/second", verdict="fail", reason="made to fail")
json.dump(d, open(sys.argv[2], "w"))
PY
echo '{"case": "course/third", "variant": "unsafe", "mode": "explore", "pass": true, "skip": false}' \
  >"$SCRATCH/results/explore/course/third/unsafe.json"
echo '{"case": "course/third", "variant": "safe", "mode": "explore", "pass": false, "skip": true}' \
  >"$SCRATCH/results/explore/course/third/safe.json"
echo '{"verdict": "skip"}' >"$SCRATCH/results/tsan/course/second/unsafe.json"
lessons
expect_status 0
has_line '^  course/second +unsafe: skipped +safe: failed +The second lesson$'
has_line '^  course/third +unsafe: passed +safe: not run +The third lesson$'
has "2 weeks: 3 lessons, 6 variants: 2 passed, 1 failed, 2 not run, 1 skipped"

# A lesson on the scheduler's limits (explore: cannot): its explore
# result is a judge of its own, so a failed one fails a passed check.
mkdir -p "$SCRATCH/results/explore/course/first"
echo '{"case": "course/first", "variant": "unsafe", "mode": "explore", "pass": false, "skip": false}' \
  >"$SCRATCH/results/explore/course/first/unsafe.json"
lessons --week 1
has_line '^  course/first +unsafe: passed '
sed -i 's/^timeout: 10$/timeout: 10\nexplore: cannot/' "$cases/course/first/README.md"
lessons --week 1
expect_status 0
has_line '^  course/first +unsafe: failed +safe: not run '
sed -i '/^explore: cannot$/d' "$cases/course/first/README.md"
rm "$SCRATCH/results/explore/course/first/unsafe.json"

# --week: that week alone, its own summary.
lessons --week 2
expect_status 0
has "week 2: The second week"
grep -qF "course/first" <<<"$out" && fail "--week 2 shows a lesson of week 1: $out"
has "week 2: 1 lesson, 2 variants: 1 passed, 0 failed, 1 not run"
lessons --week=1
expect_status 0
has "week 1: 2 lessons, 4 variants: 1 passed, 1 failed, 1 not run, 1 skipped"

# A damaged result: the listing still comes, failed, one line, exit 2.
echo 'not json' >"$SCRATCH/results/explore/course/second/unsafe.json"
lessons --week 1
[ "$status" = 2 ] || fail "a damaged result: exit status $status, want 2"
[ "$(grep -c . <<<"$err")" = 1 ] || fail "a damaged result: want one line on stderr, got: $err"
grep -qF "$SCRATCH/results/explore/course/second/unsafe.json:1: not JSON" <<<"$err" || fail "the damaged file is not named: $err"
has_line '^  course/second +unsafe: failed '
rm "$SCRATCH/results/explore/course/second/unsafe.json"

# Bad usage.
refused "lessons: --week 3: $cases/COURSE has 2 weeks" --week 3
refused "lessons: --week: expected a whole number from 1 to 1000, got '0'" --week 0
refused "lessons: --week needs a value" --week
refused "unknown detector 'tsun'" --detector tsun
refused "unexpected operand 'course/first'" course/first
refused "$SCRATCH/nowhere/COURSE: No such file or directory" --cases-root "$SCRATCH/nowhere"

# The course file's mistakes: one line naming the file and the line.
bad_course() { # WANT SED-EXPRESSION - the COURSE edited so, refused with WANT
  write_course
  sed -i "$2" "$cases/COURSE"
  refused "$1"
}
bad_course "$cases/COURSE:15: course/first is in the course twice (first in week 1, line 7)" 's/^course\/third$/course\/first/'
bad_course "$cases/COURSE:9: lesson course/nowhere: $cases/course/nowhere: no such case folder" '8a course/nowhere'
bad_course "$cases/COURSE:3: unknown key 'chapters' (known: chapter, about, exercise, step, choices)" 's/^chapter: OSTEP/chapters: OSTEP/'
bad_course "$cases/COURSE:10: week 3: expected week 2 next" 's/^week 2:/week 3:/'
bad_course "$cases/COURSE:2: week 1 has no 'exercise:' line" '/^exercise: course\/first/d'
bad_course "$cases/COURSE:10: week 2: its exercise course/first is not one of its lessons" 's/^exercise: course\/third/exercise: course\/first/'
bad_course "$cases/COURSE:5: step: expected '<topic>/<name> <unsafe|safe>', got 'course/second'" 's/^step: course\/second unsafe/step: course\/second/'
bad_course "$cases/COURSE:6: choices: 'a,2' is not thread numbers joined by ','" 's/^choices: 1,2/choices: a,2/'
bad_course "$cases/COURSE:1: 'course/first' comes before the first 'week 1: <title>' line" '1i course/first'
bad_course "$cases/COURSE:7: 'Course/First' is neither a lesson" 's/^course\/first$/Course\/First/'
write_course

# A case the course has no place for: listed after it, not counted.
cp -r "$cases/course/third" "$cases/course/fourth"
lessons
expect_status 0
has "not in the course ($cases/COURSE has no place for it):"
has_line '^  course/fourth +unsafe: not run +safe: not run +The third lesson$'
has "2 weeks: 3 lessons, 6 variants:"

# --markdown: the weeks as docs/course.md lays them out.
lessons --markdown --week 2
expect_status 0
has "## Week 2: The second week"
has "**Chapters:** CS:APP 12.3"
has "One paragraph."
has "| 1 | [course/third](../cases/course/third/README.md) | The third lesson | data-race |"
has "    racekit exercise course/third homework/third"
has "    racekit step course/third unsafe"
grep -qF "passed" <<<"$out" && fail "--markdown shows a status: $out"

# ci/course.sh on a copy of the kit: the real course places every case,
# a student's new case is a note, a shipped case without a place fails.
kit="$SCRATCH/kit"
mkdir -p "$kit" && cp -r "$root/ci" "$root/docs" "$root/cases" "$kit/"
out=$(bash "$kit/ci/course.sh" "$RACEKIT" --check 2>&1) || fail "the kit's course fails its check: $out"
RACEKIT_SOURCE_DIR="$kit" "$RACEKIT" new --cases-root "$kit/cases" queues/pop-empty --expect data-race >/dev/null ||
  fail "racekit new did not make the student's case"
out=$(bash "$kit/ci/course.sh" "$RACEKIT" --check 2>&1) || fail "a student's new case failed the course check: $out"
has "note: cases/queues/pop-empty has no place in cases/COURSE yet"
out=$(bash "$kit/ci/course.sh" "$RACEKIT" --check --strict 2>&1) && fail "--strict passed with a case not placed: $out"
has "cases/queues/pop-empty has no place in cases/COURSE"
rm -rf "$kit/cases/queues"
sed -i '/^wild\/volatile-counter$/d' "$kit/cases/COURSE"
out=$(bash "$kit/ci/course.sh" "$RACEKIT" --check 2>&1) && fail "a shipped case without a place passed: $out"
has "cases/wild/volatile-counter has no place in cases/COURSE (every case the kit ships is a lesson of the course)"
has "docs/course.md is not what cases/COURSE gives"
cp "$root/cases/COURSE" "$kit/cases/COURSE" && echo "basics/counter" >>"$kit/cases/COURSE"
out=$(bash "$kit/ci/course.sh" "$RACEKIT" --check 2>&1) && fail "a lesson twice passed: $out"
has "is in the course twice"
finish
