#!/bin/bash
# detectors_e2e.sh <racekit> <source-dir> <scratch> - the scripts behind the
# detector comparison: witness counts in the result file, the witness line
# that ci/witness-rates.sh writes into a lesson (placed, replaced, lint-clean),
# the comparison table ci/detectors_doc.py fills from real results, and its
# check of the disagreement list against the front matter.
src=$2
. "$(dirname "$0")/../../tests/e2e_lib.sh" "$1" "$3"

# A copy of two cases, so the lessons in the tree stay untouched.
mkdir -p "$SCRATCH/cases/basics" "$SCRATCH/cases/condvar"
cp -r "$src/cases/basics/counter" "$SCRATCH/cases/basics/"
cp -r "$src/cases/condvar/lost-wakeup" "$SCRATCH/cases/condvar/"
counter="$SCRATCH/cases/basics/counter"

# --witness N: N plain runs counted in the result.
run_check --quiet --witness 3 --cases-root "$SCRATCH/cases" "$counter" unsafe
expect_status 0
res="$SCRATCH/results/tsan/basics/counter/unsafe.json"
expect_field "$res" "d['witness']['runs']" 3
expect_field "$res" "d['witness']['output_compared']" True
expect_field "$res" "d['witness']['bug_runs'] == sum(d['witness'][k] for k in ('invariant_runs', 'output_runs', 'hang_runs', 'crash_runs'))" True
expect_field "$res" "d['witness']['duration_s'] > 0 and d['witness']['max_rss_kb'] > 0" True

# The witness line: between its markers, at the end of "What goes wrong".
readme="$counter/README.md"
bash "$src/ci/witness-rates.sh" --racekit "$RACEKIT" 3 "$counter" "$SCRATCH/cases/condvar/lost-wakeup" \
  > "$SCRATCH/rates.out" 2>&1 || fail "witness-rates.sh failed: $(cat "$SCRATCH/rates.out")"
layout=$(grep -n -e '^## ' -e '^<!-- /\{0,1\}witness -->$' "$readme" | cut -d: -f2- | head -4 | tr '\n' '|')
[ "$layout" = "## What goes wrong|<!-- witness -->|<!-- /witness -->|## A bad interleaving|" ] ||
  fail "witness markers not at the end of 'What goes wrong': $layout"
line=$(sed -n '/^<!-- witness -->$/{n;p;}' "$readme")
[[ $line =~ ^"Without a detector (plain -O2 build, no ordering barrier), the bug showed in "[0-3]" of 3 runs" ]] ||
  fail "witness line: '$line'"
grep -q 'of 3 runs' "$SCRATCH/cases/condvar/lost-wakeup/README.md" || fail "no witness line in lost-wakeup"
# Run again: the line is replaced in place, not added twice.
bash "$src/ci/witness-rates.sh" --racekit "$RACEKIT" 2 "$counter" > /dev/null 2>&1 || fail "second witness-rates.sh failed"
[ "$(grep -c '^<!-- witness -->$' "$readme")" = 1 ] || fail "witness markers added twice"
grep -q 'of 2 runs' "$readme" && ! grep -q 'of 3 runs' "$readme" || fail "witness line not replaced"
lint=$("$RACEKIT" lint --no-run "$counter" 2>&1) || fail "lint fails on the witness markers: $lint"
# The control: runs that fail in a way the fixed safe.c fails too (here a
# check that holds only under TSan) are no sign of the bug.
cp -r "$counter" "$SCRATCH/cases/basics/control"
sed -i 's/^    racekit_order_init(&order, 2);$/    RACEKIT_CHECK(RACEKIT_TSAN, "only right under TSan");\n&/' \
  "$SCRATCH/cases/basics/control/safe.c" "$SCRATCH/cases/basics/control/unsafe.c"
bash "$src/ci/witness-rates.sh" --racekit "$RACEKIT" 2 "$SCRATCH/cases/basics/control" > /dev/null 2>&1 ||
  fail "witness-rates.sh failed on the control case"
line=$(sed -n '/^<!-- witness -->$/{n;p;}' "$SCRATCH/cases/basics/control/README.md")
[[ $line == *"the bug showed in 0 of 2 runs. 2 more runs failed the program's own check, but so did 2 of 2 runs of the fixed safe.c: no sign of the bug here."* ]] ||
  fail "control sentence: '$line'"
grep -q 'no sign of the bug' "$readme" && fail "control sentence on a case whose fix passes"

# The comparison table, from the real results of the counter case.
run_check --quiet --witness 3 --cases-root "$SCRATCH/cases" "$counter" safe
sed -n '1,/<!-- \/generated: comparison -->/p' "$src/docs/detectors.md" > "$SCRATCH/detectors.md"
printf '\n## Where the detectors disagree\n\n<!-- generated: disagreements -->\n<!-- /generated: disagreements -->\n' \
  >> "$SCRATCH/detectors.md"
python3 "$src/ci/detectors_doc.py" write "$RACEKIT" "$SCRATCH/results" "$SCRATCH/detectors.md" > /dev/null ||
  fail "detectors_doc.py write failed"
row=$(grep '^| `tsan` |' "$SCRATCH/detectors.md")
# cases 1, unsafe 1/1, TP 1 FP 0 TN 1 FN 0, precision/recall/F1 and line recall 1, a slowdown and a memory factor
[[ $row =~ ^"| \`tsan\` | "[^|]*" | 1 | 1/1 | 1 | 0 | 1 | 0 | 1.000 | 1.000 | 1.000 | 1.000 | "[0-9.]+"x | "[0-9.]+"x |"$ ]] ||
  fail "tsan row: '$row'"
grep -q '^| `helgrind` | not run |' "$SCRATCH/detectors.md" || fail "no row for a detector without results"
grep -q '^| \[basics/loop-variable\](' "$SCRATCH/detectors.md" || fail "disagreement rows not generated"
python3 "$src/ci/detectors_doc.py" check "$RACEKIT" "$SCRATCH/detectors.md" > /dev/null 2>&1 &&
  fail "check passed on rows without a why"

# The check: the shipped doc matches; a wrong, extra or missing row does not.
python3 "$src/ci/detectors_doc.py" check "$RACEKIT" "$src/docs/detectors.md" || fail "docs/detectors.md does not match the front matter"
sed -e 's/`expect.drd: missed` | DRD does not check/`expect.drd: hang` | DRD does not check/' \
    -e '/^| \[concepts\/hello-threads\]/d' "$src/docs/detectors.md" > "$SCRATCH/bad.md"
echo '| [basics/counter](x) | `expect.drd: missed` | made up |' >> "$SCRATCH/bad.md"
python3 "$src/ci/detectors_doc.py" check "$RACEKIT" "$SCRATCH/bad.md" 2> "$SCRATCH/check.err" && fail "check passed on a bad doc"
for want in '`expect.drd: hang` is not in cases/basics/loop-variable/README.md' \
            'cases/basics/loop-variable/README.md has `expect.drd: missed`, the row does not' \
            'basics/counter has no expect.<detector> or false-alarm.<detector> key' \
            'no row for concepts/hello-threads'; do
  grep -qF "$want" "$SCRATCH/check.err" || fail "check did not say: $want"
done
finish
