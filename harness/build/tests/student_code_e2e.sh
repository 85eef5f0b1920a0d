#!/bin/bash
# student_code_e2e.sh <racekit> <scratch-dir> - programs written the way
# students write them (issue 11): a handler installed with signal() is
# reported under every TSan detector installed here; a compiler warning is
# shown with the verdict and kept in the result, also when the binary comes
# from the cache; C11 threads get a reason naming the calls the detector
# cannot see; a failure with no reported location points at the statement
# that chose the exit status, or at no line at all.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
fx="$here/fixtures/student"
res="$SCRATCH/results"
check() { run_check -q --cases-root "$here/fixtures" "$@"; }

# 1. signal(): the plain cc dialect keeps glibc's BSD signal(), which every
# TSan runtime intercepts (under -D_POSIX_C_SOURCE it is __sysv_signal).
ran=0
for d in tsan tsan-clang16 tsan-clang19 tsan-gcc; do
  check --detector "$d" "$fx/signal-handler" unsafe
  [ "$status" = 77 ] && { echo "note: $d is not installed here"; continue; }
  ran=$((ran + 1))
  expect_status 0
  expect_field "$res/$d/student/signal-handler/unsafe.json" "d['kinds']" "['signal-unsafe-call']"
  expect_field "$res/$d/student/signal-handler/unsafe.json" "d['line_match']" None
  check --detector "$d" "$fx/signal-handler" safe
  expect_status 0
done
[ "$ran" -ge 1 ] || fail "no TSan detector ran"
# Built the strict way (the case's own cflags), signal() is __sysv_signal:
# a call TSan cannot see, and the reason says so.
mkdir -p "$SCRATCH/cases/student"
cp -r "$fx/signal-handler" "$SCRATCH/cases/student/strict-dialect"
sed -i 's/^expect: .*/&\ncflags: -std=c11 -D_POSIX_C_SOURCE=200809L/' "$SCRATCH/cases/student/strict-dialect/README.md"
run_check -q --cases-root "$SCRATCH/cases" "$SCRATCH/cases/student/strict-dialect" unsafe
expect_status 1
case "$out" in *"unsafe.c calls signal (as __sysv_signal, unsafe.c:22), which clang 14's ThreadSanitizer does not intercept"*"use sigaction"*"/e2e/student-code/cases/student/strict-dialect/unsafe.c:22"$'\n'"  warning: unsafe.c:25:9: implicit declaration of function 'usleep'"*) ;;
  *) fail "strict dialect: $out" ;; esac

# 2. Warnings: on the verdict line's heels, in the result, from the cache too.
for pass in fresh cached; do
  check "$fx/warnings" unsafe
  expect_status 0
  case "$out" in *$'\n'"  warning: unsafe.c:11:5: implicit declaration of function 'bump'"*) ;;
    *) fail "$pass build: no warning under the verdict: $out" ;; esac
  expect_field "$res/tsan/student/warnings/unsafe.json" "[w.split(':')[:2] for w in d['warnings']]" "[['unsafe.c', '11']]"
done
expect_field "$res/tsan/student/warnings/unsafe.json" "d['build']['cached']" True

# 3. C11 threads: the reason names the calls, their lines and what to use.
check "$fx/c11-expected-race" unsafe
expect_status 1
expect_field "$res/tsan/student/c11-expected-race/unsafe.json" "d['outcome']" tool-error
expect_field "$res/tsan/student/c11-expected-race/unsafe.json" "[(u['call'], u['line']) for u in d['unseen']]" \
  "[('thrd_create', 20), ('thrd_join', 22)]"
case "$out" in "FAIL student/c11-expected-race/unsafe: unsafe.c calls thrd_create (unsafe.c:20) and thrd_join (unsafe.c:22), which clang 14's ThreadSanitizer does not intercept"*"use pthread_create and pthread_join instead"*" at harness/build/tests/fixtures/student/c11-expected-race/unsafe.c:20") ;;
  *) fail "C11 verdict line: $out" ;; esac
# ... and a case that says so passes, both variants.
for v in unsafe safe; do
  check "$fx/c11-threads" "$v"
  expect_status 0
  case "$out" in "PASS student/c11-threads/$v: unsupported, as expected: $v.c calls "*) ;;
    *) fail "C11 $v: $out" ;; esac
done
expect_field "$res/tsan/student/c11-threads/safe.json" "sorted(u['call'] for u in d['unseen'])" \
  "['mtx_init', 'mtx_lock', 'mtx_unlock', 'thrd_create', 'thrd_join']"
# A program with no such call does not pass an `unsupported` expectation.
cp -r "$fx/signal-handler" "$SCRATCH/cases/student/claims-unsupported"
sed -i 's/^expect: .*/expect: unsupported/' "$SCRATCH/cases/student/claims-unsupported/README.md"
run_check -q --cases-root "$SCRATCH/cases" "$SCRATCH/cases/student/claims-unsupported" safe
expect_status 1
case "$out" in *"expected clang 14's ThreadSanitizer to be unable to see this program"*) ;;
  *) fail "unsupported without an unseen call: $out" ;; esac

# 4. No reported location: the return that chose the status, else no line.
check "$fx/exit-status" unsafe
expect_status 1
case "$out" in *"the program exited with status 43 without any report at harness/build/tests/fixtures/student/exit-status/unsafe.c:13") ;;
  *) fail "exit status line: $out" ;; esac
check "$fx/exit-status" safe
expect_status 1
case "$out" in *"without any report at harness/build/tests/fixtures/student/exit-status/safe.c") ;;
  *) fail "crash without a line: $out" ;; esac
finish
