#!/bin/bash
# ci/fuzz.sh [seconds] [--update-corpus] - fuzz the parsers of what programs
# and students write (TSan's text reports, the hook's records, Helgrind's and
# DRD's reports, the front matter) with libFuzzer, each for `seconds`
# (default 60), starting from its corpus in harness/fuzz/corpus/<target>/
# (real outputs and the inputs worth keeping). Builds with the `fuzz` preset
# in build-fuzz/ (clang, -fsanitize=fuzzer,address,undefined). Exit status 0
# when no target crashed, leaked or hung; else the input that did it is in
# build-fuzz/fuzz-artifacts/ and the message says how to replay it.
#
# --update-corpus: afterwards, add to harness/fuzz/corpus/<target>/ the new
# inputs that reach code none of the kept ones reaches (to commit; the
# corpus stays small because only new edges count).
set -u
cd "$(dirname "$0")/.." || exit 1
seconds=60 update=0
for arg in "$@"; do
  case $arg in
    --update-corpus) update=1 ;;
    *[!0-9]* | '') echo "usage: ci/fuzz.sh [seconds] [--update-corpus]" >&2; exit 2 ;;
    *) seconds=$arg ;;
  esac
done
build=build-fuzz
cc=$(command -v clang || command -v clang-14) # libFuzzer is clang's
cmake --preset fuzz -DCMAKE_C_COMPILER="$cc" >/dev/null || exit 1
cmake --build --preset fuzz || exit 1

status=0
for target in tsan_text hook_records case_meta valgrind_text; do
  work="$build/fuzz-work/$target" art="$build/fuzz-artifacts"
  mkdir -p "$work" "$art"
  fuzzer="$build/harness/fuzz/fuzz_$target"
  echo "== fuzz_$target for ${seconds}s"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: no runaway.
  if "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$art/$target-" "$work" "harness/fuzz/corpus/$target" >"$build/fuzz-$target.log" 2>&1; then
    grep -E '^stat::(number_of_executed_units|new_units_added)' "$build/fuzz-$target.log"
  else
    status=1
    grep -E 'ERROR|SUMMARY|Test unit written' "$build/fuzz-$target.log" | head -n 5
    echo "fuzz_$target FAILED (log: $build/fuzz-$target.log); replay: $fuzzer <the unit above>"
  fi
  if [ "$update" = 1 ]; then
    "$fuzzer" -merge=1 -use_counters=0 "harness/fuzz/corpus/$target" "$work" 2>&1 | grep 'MERGE-OUTER: .* new files'
  fi
done
exit $status
