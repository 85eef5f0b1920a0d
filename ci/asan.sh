#!/bin/bash
# ci/asan.sh - the harness checked by the sanitizers: build racekit and its
# tests with clang -fsanitize=address,undefined (-fno-sanitize-recover: any
# finding fails) in build-asan/, and run the tests labelled `harness` and
# `hostile` (unit tests, end-to-end scripts, the hostile suite) with leak
# detection on. The case programs still run under TSan. Exit status 0 when
# every test passed. Same as: cmake --workflow --preset asan
set -eu
cd "$(dirname "$0")/.."
cmake --workflow --preset asan
