#!/bin/bash
# install_e2e.sh <kit-build-dir> <kit-source-dir> <scratch-dir> <cmake> <ctest> <generator>
# - use from another repository: install the kit into a prefix inside the
# build tree, move the prefix (the kit must find its pieces relative to
# itself), then configure, build and test a copy of examples/course/ against
# it with find_package(racekit). Its results must land in its own build tree.
build=$1 src=$2 scratch=$3 cmake=$4 ctest=$5 generator=$6
rm -rf "$scratch" && mkdir -p "$scratch" || exit 1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
run() { "$@" >"$scratch/log" 2>&1 || { fail "$* failed:"; cat "$scratch/log" >&2; return 1; }; }

run "$cmake" --install "$build" --prefix "$scratch/staged" || exit 1
mv "$scratch/staged" "$scratch/prefix"
prefix="$scratch/prefix"
racekit="$prefix/bin/racekit"
for f in bin/racekit include/racekit.h share/racekit/tsan_hook.c share/racekit/templates/README.md \
         share/racekit/explore-runtime/rt_main.c share/racekit/explore-runtime/explore_proto.h \
         lib/cmake/racekit/racekitConfig.cmake lib/cmake/racekit/racekitConfigVersion.cmake \
         lib/cmake/racekit/RacekitCases.cmake; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done

# The moved kit finds its header, hook and templates under its own prefix.
paths=$("$racekit" paths)
for want in "prefix=$prefix" "include_dir=$prefix/include" "hook_source=$prefix/share/racekit/tsan_hook.c" \
            "template_dir=$prefix/share/racekit/templates"; do
  grep -qxF "$want" <<<"$paths" || fail "racekit paths lacks '$want': $paths"
done

# A fresh copy of the course repository, outside the kit's source tree.
cp -r "$src/examples/course" "$scratch/course"
course="$scratch/course" cbuild="$scratch/course-build"
run "$cmake" -S "$course" -B "$cbuild" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" || exit 1
run "$cmake" --build "$cbuild" || exit 1
ncases=$(find "$course/cases" -mindepth 2 -maxdepth 2 -type d | wc -l)
# Two more (explore/...) for a lesson on the scheduler's limits; a case
# whose bug is an interleaving is judged by the scheduler inside its two.
nexplore=$(grep -lE '^explore: *cannot' "$course"/cases/*/*/README.md | wc -l)
ntests=$((2 * ncases + 2 * nexplore))
listed=$("$ctest" --test-dir "$cbuild" -N | grep -c 'Test *#')
[ "$listed" = "$ntests" ] || fail "want 2 tests per case ($ncases cases) and 2 explore tests for $nexplore, ctest lists $listed"
"$ctest" --test-dir "$cbuild" --output-on-failure >"$scratch/ctest.log" 2>&1 \
  || { fail "the course's tests failed:"; cat "$scratch/ctest.log" >&2; }
grep -q "100% tests passed, 0 tests failed out of $ntests" "$scratch/ctest.log" \
  || fail "not every course test passed: $(tail -3 "$scratch/ctest.log")"
# The installed scheduler runtime ran the interleaving case.
[ -f "$cbuild/results/explore/shop/reserve/unsafe.json" ] || fail "no explore result for shop/reserve/unsafe"
for v in unsafe safe; do
  [ -f "$cbuild/results/tsan/shop/order-ids/$v.json" ] || fail "no result in the course's build tree for shop/order-ids/$v"
done
grep -qxF "$prefix/include/racekit.h" "$cbuild/cache/tsan/shop/order-ids/unsafe/deps" \
  || fail "the course's variants were not compiled with the installed header"

# The student tools work from the installed kit too, in the course folder.
cd "$course" || exit 1
export RACEKIT_BUILD_DIR="$cbuild"
run "$racekit" lint --runs 2 || true
run "$racekit" new shop/refund --expect invariant && [ -f cases/shop/refund/unsafe.c ] \
  || fail "racekit new did not create cases/shop/refund from the installed templates"
run "$racekit" check shop/refund safe || true

# A teacher grades the course's three submissions of shop/reserve: alice's
# repair gets every point, bob's atomic check-then-act loses the
# scheduler's, carol's does not compile.
run "$racekit" exercise shop/reserve homework/reserve || fail "racekit exercise shop/reserve from the installed kit"
run "$racekit" grade -j2 -o "$scratch/gradebook" homework/reserve submissions || fail "racekit grade from the installed kit"
python3 - "$scratch/gradebook/grades.csv" <<'PY' || fail "the course's gradebook: $(cat "$scratch/gradebook/grades.csv")"
import csv, sys
rows = {r["student"]: r for r in csv.DictReader(open(sys.argv[1]))}
assert sorted(rows) == ["alice", "bob", "carol"], rows.keys()
a, b, c = rows["alice"], rows["bob"], rows["carol"]
assert a["points"] == a["max"] and a["check"] == "pass", a
assert b["schedules"] == "fail" and float(b["points"]) < float(b["max"]) and b["clean"] == "pass", b
assert c["compiles"] == "fail" and float(c["points"]) == 0, c
PY

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "all checks passed"
