#!/bin/bash
# lockgraph_e2e.sh <racekit> <scratch-dir> - the scheduler's lock graph end
# to end (docs/exploration.md, "Lock order"): a lock-order cycle is
# lock-order-inversion even when no schedule can deadlock - one thread
# taking m1, m2 and later m2, m1; two threads inverted under an outer
# lock - with both places of each edge in the reason, and a replay of it
# says the same; locks taken in one order (mutex, rwlock, spin lock) are
# clean, and so is a trylock against the order (no edge, as in TSan); a
# cycle through a read lock and a spin lock is found; a real deadlock is
# still a hang.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
fixtures="$here/fixtures"
results="$SCRATCH/results/explore/lockgraph"

run() { out=$("$RACEKIT" "$@" 2>"$SCRATCH/stderr"); status=$?; err=$(cat "$SCRATCH/stderr"); }
has() { grep -qF -- "$1" <<<"$out" || fail "output lacks '$1':
$out"; }
explore() { run explore --quiet --cases-root "$fixtures" "$@"; }

# One thread, both orders: no deadlock is possible, the cycle is the bug.
explore --schedules 20 "$fixtures/lockgraph/one-thread" unsafe
expect_status 0
has "PASS lockgraph/one-thread/unsafe: explore: schedule 1: lock-order-inversion: thread 0 took m2 at unsafe.c:9 while holding m1 (taken at unsafe.c:8); thread 0 took m1 at unsafe.c:14 while holding m2 (taken at unsafe.c:13)"
json="$results/one-thread/unsafe.json"
expect_field "$json" "d['found'], d['outcome'], d['end'], d['pass'], d['schedules']" \
  "(True, 'lock-order-inversion', 'exit', True, 20)"
schedule=$(field "$json" "d['schedule']")
run replay --cases-root "$fixtures" "$fixtures/lockgraph/one-thread" unsafe --schedule "$schedule"
expect_status 0
has "PASS lockgraph/one-thread/unsafe: replay: schedule 1: lock-order-inversion: thread 0 took m2 at unsafe.c:9"
explore --schedules 20 "$fixtures/lockgraph/one-thread" safe
expect_status 0
expect_field "$results/one-thread/safe.json" "d['found'], d['outcome']" "(False, 'clean')"

# Two threads inverted, serialised by `gate`: every schedule finishes,
# and the search still ends on the cycle of the first one.
explore --schedules 50 "$fixtures/lockgraph/gated" unsafe
expect_status 0
has "lock-order-inversion: thread 1 took b at unsafe.c:14 while holding a (taken at unsafe.c:13); thread 2 took a at unsafe.c:14 while holding b (taken at unsafe.c:13)"
expect_field "$results/gated/unsafe.json" "d['outcome'], d['end'], d['schedules'], d['schedule_index'], d['deadlock']" \
  "('lock-order-inversion', 'exit', 50, 0, [])"
explore --schedules 50 "$fixtures/lockgraph/gated" safe
expect_status 0
expect_field "$results/gated/safe.json" "d['outcome']" "clean"

# One order across a mutex, a rwlock and a spin lock: clean. A trylock
# against the order adds no edge: clean too, so its unsafe variant,
# which expects a cycle, fails.
explore --schedules 50 "$fixtures/lockgraph/one-order" safe
expect_status 0
expect_field "$results/one-order/safe.json" "d['outcome']" "clean"
explore --schedules 50 "$fixtures/lockgraph/one-order" unsafe
expect_status 1
has "FAIL lockgraph/one-order/unsafe: explore: no failing schedule in 50"
expect_field "$results/one-order/unsafe.json" "d['outcome']" "clean"

# A cycle through a read lock and a spin lock, in one thread.
gen="$SCRATCH/gen-cases/lockgraph/rw-spin"
mkdir -p "$gen"
printf -- '---\ntitle: rw-spin\nexpect: lock-order-inversion\ntimeout: 10\n---\n# rw-spin\n' >"$gen/README.md"
cat >"$gen/unsafe.c" <<'EOF'
#include <pthread.h>
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t spin;
int main(void)
{
    pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
    pthread_rwlock_rdlock(&rw);
    pthread_spin_lock(&spin);
    pthread_spin_unlock(&spin);
    pthread_rwlock_unlock(&rw);
    pthread_spin_lock(&spin);
    pthread_rwlock_wrlock(&rw);
    pthread_rwlock_unlock(&rw);
    pthread_spin_unlock(&spin);
    return 0;
}
EOF
cp "$gen/unsafe.c" "$gen/safe.c"
run explore --quiet --schedules 5 --cases-root "$SCRATCH/gen-cases" "$gen" unsafe
expect_status 0
has "thread 0 took spin at unsafe.c:8 while holding rw (taken at unsafe.c:7); thread 0 took rw at unsafe.c:12 while holding spin (taken at unsafe.c:11)"

# A real deadlock in the corpus is still a hang, with who holds what.
run explore --quiet --cases-root "$here/../../../cases" deadlock/lock-order unsafe
expect_status 0
has "the threads deadlocked"
expect_field "$SCRATCH/results/explore/deadlock/lock-order/unsafe.json" "d['outcome']" "hang"

finish
