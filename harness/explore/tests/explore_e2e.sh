#!/bin/bash
# explore_e2e.sh <racekit> <scratch-dir> - racekit's scheduler end to end on
# corpus cases: explore finds withdraw's broken invariant and lock-order's
# deadlock without their ordering barriers, writes the result file of the
# contract (docs/design.md), finds nothing in the safe variant; replay
# gives the same interleaving 100 times out of 100; step, scripted with
# --choices, says when the invariant broke; bad input is refused with one
# line and status 2; a case explore cannot judge is skipped (77); the sync
# walk finds a depth-5 deadlock; a thread stuck in a system call is named
# and not judged, and a case saying `explore: cannot` passes on exactly that;
# a stopped schedule names what each thread was doing; racekit report and
# racekit explain show the explore results (verdicts, replay command,
# timeline) and name a damaged one; pthread_cancel, which the scheduler does
# not model, is not judged, nor is a semaphore another process can post;
# a writer-preferring rwlock turns readers away
# while a writer waits; a runtime that dies silently says how far it got.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
cases="$here/../../../cases"
results="$SCRATCH/results/explore"

run() { out=$("$RACEKIT" "$@" 2>"$SCRATCH/stderr"); status=$?; err=$(cat "$SCRATCH/stderr"); }
has() { grep -qF -- "$1" <<<"$out" || fail "output lacks '$1':
$out"; }

# explore: the invariant, without the barrier.
run explore --cases-root "$cases" check-then-act/withdraw unsafe
expect_status 0
has "PASS check-then-act/withdraw/unsafe: explore: schedule"
has "the invariant broke (unsafe.c:42: balance is -60"
has "replay: $RACEKIT replay check-then-act/withdraw unsafe --schedule "
json="$results/check-then-act/withdraw/unsafe.json"
expect_field "$json" "d['found'], d['outcome'], d['case'], d['variant'], d['pass']" \
  "(True, 'invariant', 'check-then-act/withdraw', 'unsafe', True)"
expect_field "$json" "all(k in d for k in ('schedules', 'seed', 'schedule', 'timeline'))" "True"
# The timeline names the shared balance, read and written by both threads.
expect_field "$json" "sorted({r['thread'] for r in d['timeline'] if r['op'] == 'write balance' and r['file'] == 'unsafe.c'})" "[1, 2]"
expect_field "$json" "any(r['op'] == 'read balance' and r['line'] == 21 for r in d['timeline'])" "True"
schedule=$(field "$json" "d['schedule']")
timeline=$(field "$json" "d['timeline']")

# replay: the same trace, every time (the 100 result files compared at the end).
mkdir -p "$SCRATCH/replays"
for i in $(seq 100); do
  run replay --cases-root "$cases" check-then-act/withdraw unsafe --schedule "$schedule"
  [ "$status" = 0 ] || fail "replay $i: exit status $status: $out"
  cp "$json" "$SCRATCH/replays/$i.json"
done
same=$(python3 - "$SCRATCH/replays" "$json" <<'PY'
import json, os, sys
want = json.load(open(sys.argv[2]))
def key(d): return (d['mode'], d['outcome'], d['invariant'], d['schedule'], d['timeline'])
print(sum(key(json.load(open(os.path.join(sys.argv[1], f)))) == key(want) and want['mode'] == 'replay'
          for f in os.listdir(sys.argv[1])))
PY
)
[ "$same" = 100 ] || fail "replay: $same of 100 replays gave the same trace and failure"
[ "$(field "$json" "d['timeline']")" = "$timeline" ] || fail "replay: the trace differs from explore's"
# replay says it ran the schedule it was given, not that a search found it.
grep -qE "^  replayed the schedule given with --schedule \([0-9]+ steps\)$" <<<"$out" \
  || fail "replay: no 'replayed the schedule' line:
$out"
grep -qF "found at schedule" <<<"$out" && fail "replay: says 'found at schedule':
$out"

# The safe variant: no failing schedule.
run explore --cases-root "$cases" --schedules 50 check-then-act/withdraw safe
expect_status 0
expect_field "$results/check-then-act/withdraw/safe.json" "d['found'], d['outcome'], d['schedules'], d['schedule']" \
  "(False, 'clean', 50, None)"

# A deadlock is seen at once, with who holds what.
run explore --cases-root "$cases" deadlock/lock-order unsafe
expect_status 0
has "the threads deadlocked"
# The lock is named as C writes it where the debug information says (with
# libdw: accounts[1].lock; else accounts+56).
grep -qE "^thread [12] blocked at unsafe\.c:[0-9]+: lock \`accounts(\[[01]\]\.lock|\+[0-9]+)?\`, held by thread [12] \(taken at unsafe\.c:[0-9]+\)$" <<<"$out" \
  || fail "no holder/waiter line for the deadlock:
$out"
# Where explore found it: the search, with the strategy's own setting.
grep -qE "^  found at schedule [0-9]+ of [0-9]+ \(seed 1, [a-z]+(, depth 3|, at most 2 preemptions)?\)$" <<<"$out" \
  || fail "explore: no 'found at schedule' line:
$out"
# No timeline cell is cut: at 70 columns a long cell wraps onto a line of
# its own, indented, and every line fits.
lines=$(COLUMNS=70 "$RACEKIT" explore --cases-root "$cases" deadlock/lock-order unsafe 2>&1)
grep -qE '^ +\|( +\|)* +\|   [][a-z.0-9+]+$' <<<"$lines" || fail "timeline: no wrapped cell at 70 columns:
$lines"
awk '/^ *(step|[0-9]*) \|/ && length($0) > 70 { bad = 1 } END { exit bad }' <<<"$lines" \
  || fail "timeline: a line is wider than 70 columns:
$lines"
expect_field "$results/deadlock/lock-order/unsafe.json" "d['outcome'], len(d['deadlock']) >= 2" "('hang', True)"

# A condition-variable wait reads as one, with the mutex it gave up (named
# as C writes it with libdw: pool.nonempty, pool.lock); no line names the
# condvar as a lock someone holds.
run explore --cases-root "$cases" pools/join-before-drain unsafe
expect_status 0
grep -qE "^thread [12] blocked at unsafe\.c:53: wait \`pool(\.nonempty|\+[0-9]+)\` \(released \`pool(\.lock)?\`\): not signalled$" <<<"$out" \
  || fail "condvar: no 'wait ... (released ...)' line:
$out"
grep -qE "wake \`|held by thread [0-9]+ \(taken at [^)]*\).*nonempty" <<<"$out" && fail "condvar: a wait read as a wake or a held lock:
$out"
grep -qE "\| unsafe\.c:53 wait pool(\.nonempty|\+[0-9]+)( \(releases pool(\.lock)?\))?$" <<<"$out" \
  || fail "condvar: no timeline row for the wait:
$out"

# step: the student picks; alternating the customers breaks the invariant.
run step --cases-root "$cases" --choices 1,2,1,2,1,2,1,2,1,2 check-then-act/withdraw unsafe
expect_status 0
has "choice 1, after "
has "thread 1 can run at unsafe.c:20: lock \`account_lock\`"
has "-> thread 2"
has "the invariant broke: unsafe.c:42: balance is -60"
expect_field "$results/check-then-act/withdraw/unsafe.step.json" "d['mode'], d['outcome']" "('step', 'invariant')"
# Without answers it asks once and stops.
out=$("$RACEKIT" step --cases-root "$cases" check-then-act/withdraw unsafe </dev/null 2>&1); status=$?
expect_status 0
has "which thread runs next? [Enter: thread 2, ?: the choices, c: continue, q: quit]"
has "stopped after 0 choices"
# Enter takes the suggested thread (the one that ran last), "?" lists the
# choices again, a word is no thread, "c" goes on until two threads are
# about to touch the same object; q stops, with the answers to replay.
out=$(printf '\n?\nx\nq\n' | "$RACEKIT" step --cases-root "$cases" check-then-act/withdraw unsafe 2>&1); status=$?
expect_status 0
[ "$(grep -c "^thread 1 can run at unsafe.c:20: lock \`account_lock\`" <<<"$out")" -ge 3 ] \
  || fail "step: '?' did not list the choices again:
$out"
has "answer with a thread number, Enter, ?, c or q"
grep -qE "^stopped after 1 choice: 2 \(.* step --choices 2 check-then-act/withdraw unsafe plays them again\)$" <<<"$out" \
  || fail "step: no 'stopped after' line with the answers:
$out"
out=$(printf '2\n2\nc\n' | "$RACEKIT" step --cases-root "$cases" check-then-act/withdraw unsafe 2>&1); status=$?
expect_status 0
grep -qE "^choice [0-9]+, after [0-9]+ steps: thread [0-9]+ \(continue\)$" <<<"$out" || fail "step: 'c' did not continue:
$out"
has "your choices: "
grep -qF "thread -2" <<<"$out" && fail "step: an answer became thread -2:
$out"
run step --cases-root "$cases" --choices 0 check-then-act/withdraw unsafe
expect_status 2
grep -qF "choice 1: thread 0 cannot run now" <<<"$err" || fail "step: no reason for a bad choice: $err"

# Bad input: one line, status 2.
run replay --cases-root "$cases" check-then-act/withdraw unsafe --schedule "x:1"
expect_status 2
grep -qF -- "--schedule: not a schedule string" <<<"$err" || fail "replay: bad schedule not named: $err"
run explore --cases-root "$cases" --schedules 0 check-then-act/withdraw unsafe
expect_status 2
run explore --cases-root "$cases" check-then-act/withdraw both
expect_status 2
run explore --cases-root "$cases" no/such-case unsafe
expect_status 2
# A schedule that does not fit is a failed replay, with the reason.
run replay --cases-root "$cases" check-then-act/withdraw unsafe --schedule "0:1,7:3"
expect_status 1
has "the schedule does not fit this program: step 2: the schedule runs thread 7, which does not exist here"

# The synchronisation walk finds the five philosophers' deadlock (depth 5)
# early; a plain random walk with this seed needs hundreds of schedules.
run explore --cases-root "$cases" --strategy sync --seed 3 --schedules 100 deadlock/dining-philosophers unsafe
expect_status 0
has "the threads deadlocked"

# A thread blocked in a system call the scheduler does not control: the
# schedule is stopped, the reason says where the thread sat, and the
# variant is not judged (77), never a hang found in unsafe.c nor a failure
# of safe.c.
run explore --cases-root "$here/fixtures" --schedules 10 "$here/fixtures/explore/pipe-handoff" safe
expect_status 77
has "SKIP explore/pipe-handoff/safe: explore: the scheduler cannot run this variant: thread 1 sat in read() (system call 0), which the scheduler does not control (racekit check judges it)"
expect_field "$results/explore/pipe-handoff/safe.json" "d['skip'], d['found'], d['outcome'], d['end']" "(True, True, 'error', 'stuck')"
# ...and says what every thread was doing when it was stopped.
has "(racekit check judges it); when it was stopped: thread 0 (main) blocked at racekit.h:"
has "; thread 1 running, last step at safe.c:10: read"
# A lesson on that limit says `explore: cannot`: the same answer passes it,
# and a scheduler that runs the variant fails it (the lesson is stale).
lesson="$SCRATCH/limit-cases/explore/pipe-lesson"
mkdir -p "$lesson" && cp "$here/fixtures/explore/pipe-handoff"/*.c "$lesson/"
sed 's/^expect: invariant$/expect: invariant\nexplore: cannot/' "$here/fixtures/explore/pipe-handoff/README.md" >"$lesson/README.md"
run explore --cases-root "$SCRATCH/limit-cases" --schedules 10 "$lesson" safe
expect_status 0
has "PASS explore/pipe-lesson/safe: explore: the scheduler cannot run this variant, as the case says: thread 1 sat in read()"
printf '#include "racekit.h"\nint main(void) { RACEKIT_CHECK(1, "ok"); return 0; }\n' >"$lesson/safe.c"
run explore --cases-root "$SCRATCH/limit-cases" --schedules 3 "$lesson" safe
expect_status 1
has "FAIL explore/pipe-lesson/safe: explore: the scheduler ran this variant (every schedule finished), but the case says it cannot (explore: cannot)"

# A schedule still stepping at its timeout is slow, not hung: not judged
# (77), with the reason, never a failure of the safe variant.
run explore --cases-root "$here/fixtures" --schedules 3 "$here/fixtures/explore/slow-steps" safe
expect_status 77
has "the schedule was still making steps at its timeout of 1 s"
expect_field "$results/explore/slow-steps/safe.json" "d['skip'], d['outcome'], d['end']" "(True, 'error', 'slow')"
grep -qE "; when it was stopped: thread 0 \(main\) blocked at .*; thread [12] running, last step at safe\.c:[0-9]+: " <<<"$out" \
  || fail "slow: the threads' state is not named:
$out"

# A data-race case: nothing for the scheduler to judge in unsafe.c.
run explore --cases-root "$cases" basics/counter unsafe
expect_status 77
has "SKIP basics/counter/unsafe: explore:"
# racekit report reads the explore results beside the check results: the
# table's count and failures, the HTML section with the timeline.
run report --format table "$SCRATCH/results"
expect_status 0
grep -qE "^explore/pipe-lesson +[a-z-]+ +[a-z-]+ +FAIL " <<<"$out" || fail "report: no failing row for explore/pipe-lesson:
$out"
has "  safe: the scheduler ran this variant"
grep -qE "^explored schedules: [0-9]+ variants, [0-9]+ as expected, 2 not, 3 not judged, 0 errors$" <<<"$out" \
  || fail "report: no explore count line (the diverged replay and the stale lesson fail; basics/counter, slow-steps and the stuck pipe-handoff are not judged):
$out"
run report --format html "$SCRATCH/results"
expect_status 0
has '<section id="explore">'
grep -qE '<td class="step">unsafe.c:26 lock accounts(\[[01]\]\.lock)?</td>' <<<"$out" || fail "report: no lock row in the HTML timeline"
has "racekit replay deadlock/lock-order unsafe --schedule $(field "$results/deadlock/lock-order/unsafe.json" "d['schedule']")"
# racekit explain: the verdict, the replay command and explore's own timeline.
run explain deadlock/lock-order
expect_status 0
has "== Explored schedules (racekit's scheduler) =="
has "replay: $RACEKIT replay deadlock/lock-order unsafe --schedule"
has " step | thread 0 (main)"
grep -qE "^ +[0-9]+ \|.*\| unsafe\.c:26 lock accounts" <<<"$out" || fail "explain: no timeline row:
$out"
# A damaged explore result is named, and the others are still reported.
mkdir -p "$SCRATCH/damaged/explore/deadlock/lock-order" &&
  printf '{"case": "deadlock/lock-order", "variant": "unsafe"' >"$SCRATCH/damaged/explore/deadlock/lock-order/unsafe.json"
cp -r "$results/check-then-act" "$SCRATCH/damaged/explore/"
run report --format table "$SCRATCH/damaged"
expect_status 2
grep -qF "$SCRATCH/damaged/explore/deadlock/lock-order/unsafe.json:1: not valid JSON" <<<"$err" \
  || fail "report: the damaged explore result is not named: $err"
has "explored schedules: 2 variants"

# A plain abort() is named by its signal, not a bare number (after the
# report: a failure would change its counts).
run explore --cases-root "$here/fixtures" "$here/fixtures/explore/abort-call" unsafe
expect_status 1
has "the program was killed by signal SIGABRT (Aborted: abort(), which a failed assert() calls), but the case expects the invariant to break"

# A call the scheduler does not model ends the schedule where it is made:
# a correct program that cancels a worker is never a deadlock found in
# safe.c, nor its twin's hang (in pthread_mutex_lock) a deadlock in join;
# neither is judged (77). (After the report: these would change its counts.)
for v in safe:24 unsafe:22; do
  run explore --cases-root "$here/fixtures" --schedules 3 "$here/fixtures/explore/cancel-worker" "${v%:*}"
  expect_status 77
  has "SKIP explore/cancel-worker/${v%:*}: explore: the scheduler cannot run this variant: ${v%:*}.c:${v#*:} calls pthread_cancel, which racekit's scheduler does not model (racekit check judges it)"
  expect_field "$results/explore/cancel-worker/${v%:*}.json" "d['skip'], d['outcome'], d['end']" "(True, 'error', 'unmodelled')"
done

# So does a wait it has no step for (here pthread_timedjoin_np).
run explore --cases-root "$here/fixtures" --schedules 3 "$here/fixtures/explore/timed-join" safe
expect_status 77
has "SKIP explore/timed-join/safe: explore: the scheduler cannot run this variant: safe.c:22 calls pthread_timedjoin_np, which racekit's scheduler does not model (racekit check judges it)"

# And a semaphore another process can post (sem_init with pshared = 1,
# sem_open): the model's count would never see the child's post, and the
# correct safe.c was "deadlocked"; racekit check then judges by its run.
for v in "safe:11:sem_init with pshared != 0 (a semaphore shared between processes)" \
         "unsafe:13:sem_open (a named semaphore, which other processes can post)"; do
  variant=${v%%:*} rest=${v#*:}
  run explore --cases-root "$here/fixtures" --schedules 3 "$here/fixtures/explore/process-semaphore" "$variant"
  expect_status 77
  has "SKIP explore/process-semaphore/$variant: explore: the scheduler cannot run this variant: $variant.c:${rest%%:*} calls ${rest#*:}, which racekit's scheduler does not model (racekit check judges it)"
done
run check --cases-root "$here/fixtures" "$here/fixtures/explore/process-semaphore" safe
expect_status 0
has "PASS explore/process-semaphore/safe: clean: exit status 0, no report, every check passed"

# A read-write lock keeps its kind: made writer-preferring (by attribute),
# it turns a reader away while a writer waits, the reader's second read
# lock included, so a schedule deadlocks, as under glibc; the default kind
# lets the reader in, and no schedule does.
run explore --cases-root "$here/fixtures" --schedules 100 "$here/fixtures/explore/writer-preferred" unsafe
expect_status 0
has "PASS explore/writer-preferred/unsafe: explore: schedule"
has ": the threads deadlocked"
expect_field "$results/explore/writer-preferred/unsafe.json" "d['end'], d['deadlock'][1:]" \
  "('deadlock', ['thread 1 blocked at unsafe.c:12: rdlock \`lock\`, which turns readers away while a writer waits', 'thread 2 blocked at unsafe.c:21: wrlock \`lock\`, held for reading by other threads'])"
run explore --cases-root "$here/fixtures" --schedules 100 "$here/fixtures/explore/writer-preferred" safe
expect_status 0
has "PASS explore/writer-preferred/safe: explore: no failing schedule in 100"

# A runtime that never writes its summary (killed here by the program)
# says how far it got when it printed nothing. (Its mark is outside the
# build tree, which the program cannot write, in a folder open to the
# sandbox's user.)
mark=$(mktemp -d) && chmod 1777 "$mark" || fail "cannot make a folder for the mark"
export RACEKIT_FIXTURE_MARK="$mark/done"
run explore --cases-root "$here/fixtures" --schedules 3 "$here/fixtures/explore/kills-runtime" safe
unset RACEKIT_FIXTURE_MARK
rm -rf "$mark"
expect_status 1
has "explore: the scheduler runtime did not finish (killed by signal SIGKILL"
has "): it printed nothing; 1 of 3 schedules finished, the last (schedule 1) in "
finish
