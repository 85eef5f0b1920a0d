#!/bin/bash
# exercise_e2e.sh <racekit> <scratch-dir> - exercise mode end to end: the
# exercise folder holds the bug as safe.c, the lesson without its fix and the
# reference output; `racekit check <dir> safe` fails the bug, passes a real
# repair, and fails "repairs" that drop the threads or a check or change the
# output or silence the detector; bad targets are refused with one line and
# exit 2.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
fx="$here/fixtures/lint/good"
ex="$SCRATCH/homework/counter"

exercise() { out=$("$RACEKIT" exercise "$@" 2>&1); status=$?; }

exercise "$fx" "$ex"
expect_status 0
for f in safe.c unsafe.c README.md expected-stdout.txt exercise.txt; do
  [ -f "$ex/$f" ] || fail "exercise folder lacks $f"
done
cmp -s "$ex/safe.c" "$fx/unsafe.c" || fail "the student's safe.c is not the case's unsafe.c"
cmp -s "$ex/unsafe.c" "$fx/unsafe.c" || fail "unsafe.c is not the case's unsafe.c"
[ "$(cat "$ex/expected-stdout.txt")" = "counter = 2" ] || fail "expected-stdout.txt: $(cat "$ex/expected-stdout.txt")"
grep -q '^## The fix' "$ex/README.md" && fail "the exercise README still has its fix"
grep -q '^## Try it' "$ex/README.md" || fail "the exercise README lost the sections after the fix"
grep -q '^## What goes wrong' "$ex/README.md" || fail "the exercise README lost its lesson"
grep -q 'A mutex around the increment' "$ex/README.md" && fail "the fix's text leaked into the exercise README"

# grade SOURCE - put SOURCE in as the student's safe.c and check it.
grade() { cp "$1" "$ex/safe.c"; run_check "$ex" safe; }
run_check "$ex" safe
expect_status 1
case "$out" in "FAIL homework/counter/safe: ThreadSanitizer reported data-race (safe.c:14 vs safe.c:14)"*) ;; *) fail "the bug passed, or its race is not on the student's line: $out" ;; esac

grade "$fx/safe.c"
expect_status 0
case "$out" in "PASS homework/counter/safe"*) ;; *) fail "a real repair failed: $out" ;; esac

cat >"$SCRATCH/no-threads.c" <<'C'
#include "racekit.h"
static long counter = 2;
int main(void)
{
    RACEKIT_CHECK(counter == 2, "counter is %ld, expected 2", counter);
    printf("counter = %ld\n", counter);
    return 0;
}
C
grade "$SCRATCH/no-threads.c"
expect_status 1
case "$out" in *"safe.c starts threads in 0 places, unsafe.c in 1"*) ;; *) fail "no-thread repair: $out" ;; esac

# Telling TSan not to look at the racing function is not a repair (without
# the rule this passes: the race goes unseen).
sed 's/^static void add_one/__attribute__((no_sanitize("thread"))) static void add_one/' "$fx/unsafe.c" >"$SCRATCH/unseen.c"
grade "$SCRATCH/unseen.c"
expect_status 1
case "$out" in *"safe.c uses no_sanitize (safe.c:9), which unsafe.c does not: it tells ThreadSanitizer what to see"*) ;;
  *) fail "silenced detector: $out" ;; esac

# ... nor when a macro spells it by token pasting: the rule reads the
# translation unit (cc -E), and names the line the macro is used on.
{ echo '#define PASTE(a, b) a##b'
  echo '#define QUIET __attribute__((PASTE(no_, sanitize)("thread")))'
  sed 's/^static void add_one/QUIET static void add_one/' "$fx/unsafe.c"; } >"$SCRATCH/pasted.c"
grade "$SCRATCH/pasted.c"
expect_status 1
case "$out" in *"safe.c uses no_sanitize (safe.c:11), which unsafe.c does not"*) ;; *) fail "token-pasted no_sanitize: $out" ;; esac
# A raw system call is code the detector cannot see.
# (A correct repair otherwise: the rule is judged on a clean run.)
sed 's|^static void add_one|#include <unistd.h>\n#include <sys/syscall.h>\nstatic void add_one|; s|^    counter++;$|    counter++;\n    syscall(SYS_getpid);|' "$fx/safe.c" >"$SCRATCH/syscall.c"
grep -q 'syscall(SYS_getpid)' "$SCRATCH/syscall.c" || fail "the syscall repair was not made"
grade "$SCRATCH/syscall.c"
expect_status 1
case "$out" in *"safe.c uses syscall (safe.c:"*"), which unsafe.c does not: it does what ThreadSanitizer cannot see"*) ;;
  *) fail "a raw syscall: $out" ;; esac

# Threads that do nothing while main prints the answer: refused. The real
# repair's threads wrote (the probe's count is in the result).
cat >"$SCRATCH/idle-threads.c" <<'C'
#include "racekit.h"
static long counter;
static void add_one(int index, void *shared)
{
    (void)index, (void)shared;
}
int main(void)
{
    racekit_run(2, add_one, NULL);
    counter = 2;
    RACEKIT_CHECK(counter == 2, "counter is %ld, expected 2", counter);
    printf("counter = %ld\n", counter);
    return 0;
}
C
grade "$SCRATCH/idle-threads.c"
expect_status 1
case "$out" in *"safe.c's threads do no work: the threads it starts wrote no memory outside their own stacks and printed nothing"*) ;;
  *) fail "idle threads: $out" ;; esac
expect_field "$SCRATCH/results/tsan/homework/counter/safe.json" "d['thread_work']" "{'writes': 0, 'outputs': 0}"
grade "$fx/safe.c"
expect_status 0
expect_field "$SCRATCH/results/tsan/homework/counter/safe.json" "d['thread_work']['writes'] >= 2" True
grep -q "^Not judged here" "$ex/exercise.txt" && fail "rule 6 turned off for a reference whose threads work"

sed '/RACEKIT_CHECK/d' "$fx/safe.c" >"$SCRATCH/no-check.c"
grade "$SCRATCH/no-check.c"
expect_status 1
case "$out" in *"safe.c no longer has the case's own check from unsafe.c:23"*) ;; *) fail "dropped check: $out" ;; esac

sed 's/counter = %ld/total: %ld/' "$fx/safe.c" >"$SCRATCH/other-output.c"
grade "$SCRATCH/other-output.c"
expect_status 1
case "$out" in *'line 1 is "total: 2", expected "counter = 2"'*) ;; *) fail "changed output: $out" ;; esac
expect_field "$SCRATCH/results/tsan/homework/counter/safe.json" "d['verdict']" fail
expect_field "$SCRATCH/results/tsan/homework/counter/safe.json" "d['outcome']" clean

# A reference that can print more than one output: the scheduler learns
# every one (withdraw prints which thread's withdrawal won), so any correct
# repair passes, and making the exercise again gives the same files.
wd="$SCRATCH/course/withdraw"
exercise check-then-act/withdraw "$wd"
expect_status 0
case "$out" in *"the reference can print 2 outputs: racekit's scheduler ran every schedule with at most 2 preemptions"*) ;;
  *) fail "withdraw's outputs: $out" ;; esac
[ -e "$wd/expected-stdout.txt" ] && fail "withdraw: expected-stdout.txt beside expected-stdout/"
[ "$(cat "$wd/expected-stdout/1.txt")" = "approved: 0 and 1, balance 20" ] || fail "1.txt: $(cat "$wd/expected-stdout/1.txt")"
[ "$(cat "$wd/expected-stdout/2.txt")" = "approved: 1 and 0, balance 20" ] || fail "2.txt: $(cat "$wd/expected-stdout/2.txt")"
exercise check-then-act/withdraw "$SCRATCH/course/withdraw-again"
diff -r "$wd/expected-stdout" "$SCRATCH/course/withdraw-again/expected-stdout" >/dev/null || fail "a second exercise differs"
cp "$here/../../../cases/check-then-act/withdraw/safe.c" "$wd/safe.c"
run_check "$wd" safe
expect_status 0
# Every copy of the exercise gets the same schedules: the scheduler's seed
# comes from the case it was made from, not from where the folder sits.
seed=$(grep -o "racekit's scheduler (seed [0-9]*" <<<"$out")
cp "$wd/safe.c" "$SCRATCH/course/withdraw-again/safe.c"
run_check "$SCRATCH/course/withdraw-again" safe
expect_status 0
[ -n "$seed" ] && grep -qF "$seed" <<<"$out" || fail "two copies of an exercise, two seeds: '$seed' and: $out"
sed 's/approved: %d and %d/approved: %d or %d/' "$here/../../../cases/check-then-act/withdraw/safe.c" >"$wd/safe.c"
run_check "$wd" safe
expect_status 1
case "$out" in *"the output is none of the 2 the reference solution can print (expected-stdout/); the nearest, expected-stdout/"[12]".txt: line 1 is \"approved: "[01]" or "[01]", balance 20\""*) ;;
  *) fail "an output not in the set: $out" ;; esac

# Refusals: one line, exit 2, nothing created.
exercise "$fx" "$ex";                     expect_status 2
case "$out" in *"already exists"*) ;; *) fail "existing folder: $out" ;; esac
exercise "$fx" "$SCRATCH/Home_Work/x";    expect_status 2
[ -e "$SCRATCH/Home_Work" ] && fail "a refused exercise left a folder"
exercise "$SCRATCH/no-case" "$SCRATCH/hw/x"; expect_status 2
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "want one line: $out"
exercise "$fx";                           expect_status 2
finish
