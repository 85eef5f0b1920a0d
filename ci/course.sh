#!/bin/bash
# ci/course.sh <racekit> [--check [--strict]] - docs/course.md, the course
# in 12 weeks, written from cases/COURSE (the one source of the order) by
# `racekit lessons --markdown`, which refuses a COURSE that names a lesson
# twice or a lesson that is not there. Without --check it rewrites
# docs/course.md; with --check it fails when docs/course.md is not what it
# would write, or when a case the kit ships (one with its row in
# docs/catalogue.md) has no place in the course. A case with no row and no
# place, such as one a student just made with racekit new, is a note: the
# README's test command must not go red on a student's first case.
# --strict (this repository's CI, .ci/run) fails on that one too.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
racekit=$1
doc="$root/docs/course.md"

new=$(mktemp) && trap 'rm -f "$new"' EXIT
{
  cat <<'EOF'
# The course: every lesson in 12 weeks

An ordered path through every case of `cases/`, a week at a time, for a
course on lock-based thread safety taught with OSTEP (*Operating Systems:
Three Easy Pieces*, chapters 26-32) or CS:APP (*Computer Systems: A
Programmer's Perspective*, chapter 12). Each week lists its lessons in the
order to take them, the chapters it matches, one exercise (the lesson
handed out without its fix, [exercises.md](exercises.md)) and one
`racekit step` session in which the student is the scheduler and makes the
week's bug happen ([exploration.md](exploration.md#step-you-are-the-scheduler)).
A lesson is its case's `README.md`: read it, then run both variants
(`racekit check <lesson> unsafe`, `racekit check <lesson> safe`).

The order lives in [`cases/COURSE`](../cases/COURSE); this page is written
from it by `ci/course.sh build/racekit`, and the test `corpus/course` fails
when the two differ, when the course names a lesson twice or one that is
not a case, or when a case the kit ships has no place in it (a case you
just added is a note there; this repository's CI wants every case placed).
`racekit lessons` prints the same path with the status of each lesson on
your machine, from the result files of your checks:

    $ racekit lessons --week 4
    week 4: Atomicity and order: critical sections that are too small
      chapter: OSTEP 32.2 (Non-deadlock bugs: atomicity and order violations); CS:APP 12.7.4 (Races)
      check-then-act/withdraw                unsafe: passed   safe: failed   Withdrawal checked and debited under separate locks
      check-then-act/check-then-insert       unsafe: not run  safe: not run  Check then insert in two critical sections
      ...
      exercise: racekit exercise check-then-act/withdraw homework/withdraw
      step:     racekit step check-then-act/withdraw unsafe
                racekit step --choices 1,2,2,2,2 check-then-act/withdraw unsafe   (answers that show the bug)

    week 4: 7 lessons, 14 variants: 1 passed, 1 failed, 12 not run

(`passed`, `failed`, `not run`, or `skipped` when the detector is not
installed; `--week N` for one week, `--detector NAME` for another
detector's results, `--cases-root DIR` for a course of your own: its
`COURSE` file sits in `DIR`, in the format `cases/COURSE` describes at its
top. See [commands.md](commands.md).)

EOF
  "$racekit" lessons --markdown --cases-root "$root/cases" || exit 1
} > "$new" || { echo "ci/course.sh: racekit lessons could not read cases/COURSE (above)" >&2; exit 1; }

[ "${2:-}" = --check ] || { mkdir -p "$(dirname "$doc")" && cp "$new" "$doc" && echo "wrote $doc"; exit; }
strict=0
[ "${3:-}" = --strict ] && strict=1
problems=() notes=()
if ! cmp -s "$doc" "$new"; then
  problems+=("  docs/course.md is not what cases/COURSE gives (run ci/course.sh build/racekit); the difference:")
  while IFS= read -r line; do problems+=("    $line"); done < <(diff "$doc" "$new" | head -20)
fi
# The lessons of the course: the rows of the page ("| 3 | [topic/name](...").
declare -A placed=()
while IFS= read -r id; do placed[$id]=1; done < <(sed -n 's/^| [0-9]* | \[\([^]]*\)\].*/\1/p' "$new")
for dir in "$root"/cases/*/*/; do
  id=${dir%/}
  id=${id#"$root/cases/"}
  [ -n "${placed[$id]+x}" ] && continue
  if [ "$strict" = 1 ] || grep -qF "| [$id](" "$root/docs/catalogue.md"; then
    problems+=("  cases/$id has no place in cases/COURSE (every case the kit ships is a lesson of the course)")
  else
    notes+=("note: cases/$id has no place in cases/COURSE yet (racekit lessons lists it after the course)")
  fi
done
for n in "${notes[@]}"; do echo "$n"; done
if [ "${#problems[@]}" -gt 0 ]; then
  echo "the course is out of date:" >&2
  printf '%s\n' "${problems[@]}" >&2
  exit 1
fi
echo "docs/course.md is cases/COURSE, which places all ${#placed[@]} lessons"
