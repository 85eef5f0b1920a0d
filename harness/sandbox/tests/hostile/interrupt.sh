#!/bin/bash
# interrupt.sh <racekit> <scratch> <clang> - SIGINT and SIGTERM to `racekit check`:
# - while its program runs (interrupt/sleeper: a process that sleeps and a
#   child of it in its own session): racekit exits with 128 + the signal,
#   kills both, removes its cgroup, and the result file of an earlier check
#   is left exactly as it was, never cut short or replaced by a partial one;
# - while it compiles (a compiler that leaves a temporary file and waits,
#   RACEKIT_CC=slowcc): racekit exits the same way, the compiler is killed,
#   and its temporary file stays inside the build tree (the next check
#   removes it), never in TMPDIR.
set -u
here=$(cd "$(dirname "$0")" && pwd)
racekit=$1 scratch=$2/interrupt clang=$3
id=interrupt/sleeper
hostile() { python3 "$here/hostile.py" "$@"; }
failures=0
fail() { echo "FAIL hostile/interrupt: $*" >&2; failures=$((failures + 1)); }
# A build tree and a TMPDIR of its own: the other hostile tests use the
# suite's meanwhile, and a check in the shared tree would remove the compile
# folder of the interrupted one (its harness is gone) before it is looked at.
mkdir -p "$scratch/interrupt-tmp" "$scratch/results/tsan/$id"
export RACEKIT_BUILD_DIR="$scratch" TMPDIR="$scratch/interrupt-tmp"
result="$scratch/results/tsan/$id/safe.json"
set -m # racekit in its own process group, SIGINT not ignored as for `cmd &`

# interrupt SIG WHEN EXE COUNT - start racekit, wait (at most 60 s) until
# COUNT processes of it run EXE, send SIG, check its exit and leftovers.
interrupt() {
  local sig=$1 when=$2 exe=$3 count=$4 tag="RACEKIT_HOSTILE_TAG=$id-$1-$2-$$" running=0
  printf '{"earlier": "%s"}\n' "$sig" >"$result"
  cp "$result" "$scratch/expected.json"
  env "$tag" "$racekit" check --quiet --cases-root "$here" "$here/$id" safe >"$scratch/out" 2>&1 &
  local pid=$!
  for _ in $(seq 600); do
    running=$(hostile alive "$tag" "$exe" | wc -w)
    [ "$running" -ge "$count" ] && break
    if grep -q "^SKIP" "$scratch/out"; then cat "$scratch/out"; wait "$pid"; exit 77; fi
    sleep 0.1
  done
  [ "$running" -ge "$count" ] || fail "SIG$sig $when: never saw it ($(cat "$scratch/out"))"
  kill -s "$sig" "$pid"
  wait "$pid"
  local status=$? want=$((128 + $(kill -l "$sig")))
  [ "$status" = "$want" ] || fail "SIG$sig $when: racekit exited $status, want $want ($(cat "$scratch/out"))"
  local left
  left=$(hostile alive "$tag")
  [ -z "$left" ] || { fail "SIG$sig $when: processes left alive: $left"; kill -9 $left 2>/dev/null; }
  cmp -s "$result" "$scratch/expected.json" || fail "SIG$sig $when: the earlier result changed: $(cat "$result")"
  [ -z "$(find "$scratch/results" -name '*.tmp.*')" ] || fail "SIG$sig $when: a partial result file is left"
  [ -z "$(ls -A "$TMPDIR")" ] || fail "SIG$sig $when: files left in TMPDIR: $(ls -A "$TMPDIR")"
  local cg
  cg=$(find /sys/fs/cgroup -maxdepth 5 -type d -name "racekit-$pid" 2>/dev/null)
  [ -z "$cg" ] || fail "SIG$sig $when: its cgroup is left: $cg"
  [ -z "$(find /tmp -maxdepth 1 -name "racekit-stage-$pid-*")" ] || fail "SIG$sig $when: its staged binary is left in /tmp"
  rm -f "$scratch/out" "$scratch/expected.json"
  last_pid=$pid
}

# While it compiles: the real compiler for everything but this case's source.
cat >"$scratch/slowcc" <<SLOWCC
#!/bin/sh
case "\$*" in
  *"/$id/safe.c"*) : >"\${TMPDIR:-/tmp}/slowcc-\$\$.o"; exec sleep 600 ;;
  *) exec "$clang" "\$@" ;;
esac
SLOWCC
chmod +x "$scratch/slowcc"
RACEKIT_CC="$scratch/slowcc" interrupt TERM compiling /sleep 1
compile_pid=$last_pid
ls "$scratch/cache/tmp/$compile_pid"/slowcc-*.o >/dev/null 2>&1 ||
  fail "the compiler's temporary file is not in the build tree's compile folder"
# The next check removes what the killed compiler left in the build tree.
# (or its copy in /tmp, when the tree sits below a folder only root may
# enter: harness/sandbox/bounds.h)
interrupt INT running "/$id/safe/bin|/racekit-stage-" 2
[ ! -e "$scratch/cache/tmp/$compile_pid" ] || fail "compile folder of the interrupted check left"
interrupt TERM running "/$id/safe/bin|/racekit-stage-" 2
rm -f "$result"
rmdir "$TMPDIR"

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "interrupted three times, nothing left behind"
