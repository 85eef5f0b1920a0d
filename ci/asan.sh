#!/bin/bash
# ci/asan.sh - the harness checked by the sanitizers: build racekit and its
# tests with clang -fsanitize=address,undefined (-fno-sanitize-recover: any
# finding fails) in build-asan/, and run the tests labelled `harness` and
# `hostile` (unit tests, end-to-end scripts, the hostile suite) with leak
# detection on. The case programs still run under TSan. Exit status 0 when
# every test passed. The steps of `cmake --workflow --preset asan`, with
# clang-14 standing in when there is no `clang` on PATH.
set -eu
cd "$(dirname "$0")/.."
cc=$(command -v clang || command -v clang-14)
cmake --preset asan -DCMAKE_C_COMPILER="$cc"
cmake --build --preset asan
ctest --preset asan
