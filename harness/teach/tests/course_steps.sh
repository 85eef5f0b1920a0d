#!/bin/bash
# course_steps.sh <racekit> <scratch-dir> - every week's racekit step
# session of the kit's course (cases/COURSE, docs/course.md) does what the
# course says: it runs with a short scripted input (c, then q), and it
# shows the week's bug - the invariant broken or the threads deadlocked -
# with the week's --choices, or, for a week without them, when every
# question is answered c. A lesson or a scheduler that changes so that a
# session no longer shows its bug fails here, not in front of a class.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"

listing=$("$RACEKIT" lessons 2>&1) || fail "racekit lessons failed: $listing"
# "  step:     <racekit> step <case> <variant>..." and the --choices line after it.
mapfile -t sessions < <(sed -n "s|^  step: *[^ ]* step \([^ ]*\) \([a-z]*\).*|\1 \2|p" <<<"$listing")
mapfile -t choices < <(awk '/^  step: /{ if (n++) print c; c = "-" } /step --choices /{ for (i = 1; i <= NF; i++) if ($i == "--choices") c = $(i + 1) } END { if (n) print c }' <<<"$listing")
weeks=$(grep -c '^week [0-9]*: ' <<<"$listing")
[ "${#sessions[@]}" = "$weeks" ] && [ "$weeks" -ge 12 ] ||
  fail "racekit lessons lists ${#sessions[@]} step sessions for $weeks weeks: $listing"
[ "${#choices[@]}" = "${#sessions[@]}" ] || fail "choices of ${#choices[@]} sessions read for ${#sessions[@]}"

bug='^(the invariant broke|the threads deadlocked)'
for i in "${!sessions[@]}"; do
  read -r case variant <<<"${sessions[$i]}"
  week=$((i + 1))
  out=$(printf 'c\nq\n' | "$RACEKIT" step "$case" "$variant" 2>&1)
  [ $? = 0 ] || fail "week $week: printf 'c\\nq\\n' | racekit step $case $variant failed: $out"
  if [ "${choices[$i]}" != - ]; then
    out=$("$RACEKIT" step --choices "${choices[$i]}" "$case" "$variant" </dev/null 2>&1)
    how="--choices ${choices[$i]}"
  else
    out=$(yes c 2>/dev/null | head -1000 | "$RACEKIT" step "$case" "$variant" 2>&1)
    how="c at every question"
  fi
  if grep -qE "$bug" <<<"$out"; then
    echo "week $week: racekit step $case $variant ($how): $(grep -E "$bug" <<<"$out")"
  else
    fail "week $week: racekit step $case $variant ($how) does not show the bug: $(tail -3 <<<"$out")"
  fi
done
finish
