#!/bin/bash
# ci/bench.sh [--quick] [--rounds N] [--worktree] [--out FILE] [--keep]
#
# What the kit costs on this machine, measured in one run so the ratios are
# fair (issues 8 and 13; docs/performance.md is this script's output):
#   floor    the same compiles and single runs of every variant, done by a
#            plain shell loop on every core: no harness, no CMake;
#   cold     `cmake --workflow --preset default` from an empty build
#            directory, and the same with the `cases` preset (the cases
#            without the kit's own tests);
#   warm     `cmake --workflow --preset default` again with nothing changed
#            (the test cache keeps every pass), and `ctest --preset default`
#            with the test cache off (every test runs again); with the
#            `cases` preset: nothing changed, after editing one case's
#            unsafe.c, and the whole `cases` workflow again;
#   -j1/-j2  the cases' test phase (compile cache emptied, test cache off),
#            one and two jobs;
#   growth   the `cases` workflow cold and warm, corpus replicated 1x, 2x, 4x;
#   overhead `racekit check` on a cached variant versus the same binary run
#            directly with the same environment (hyperfine, many runs); the
#            reporting variant's check is issue 13's "reporting run";
#   --runs N `racekit check --runs N` for N = 1, 10, 50.
# The big figures are taken in rounds (floor, cold, warm, ... then again), so
# a change in the machine's load hits every figure alike; each is reported
# as the median over the rounds, with its CPU time (user + sys), which the
# load disturbs much less than the wall time.
#
# Everything runs on a copy of the repository in a temporary directory (the
# committed HEAD, or with --worktree the working tree's files), never in
# build/. Needs: clang-14, cmake, ninja, hyperfine, /usr/bin/time, python3.
#
#   --quick      a few cases, one round, fewer repetitions: to try the script
#                out; it writes no doc unless --out is given
#   --rounds N   rounds of the big figures (default 3)
#   --worktree   measure the working tree instead of HEAD
#   --out FILE   where the report goes (default docs/performance.md for a
#                full run)
#   --keep       keep the temporary directory (its path is printed)
#
# Internal: ci/bench.sh --floor <source-dir> <out-dir> runs the floor once.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

# Kept in step with the harness: harness/build/tsan_build.c (variant flags),
# harness/build/compile.c (hook object flags), harness/judge/check_run.c
# (TSAN_OPTIONS).
CC=$(command -v clang-14 || command -v clang)
CFLAGS_TSAN="-pthread -fsanitize=thread -g -O1 -fno-omit-frame-pointer"
LDFLAGS_TSAN="-fsanitize=thread -pthread"
HOOK_FLAGS="-c -g -O1 -fno-omit-frame-pointer -fPIC"
TSAN_OPTS="atexit_sleep_ms=0 second_deadlock_stack=1 halt_on_error=0 handle_segv=0 handle_sigbus=0 handle_abort=0 handle_sigfpe=0 handle_sigill=0"
TSAN_OPTS="$TSAN_OPTS report_bugs=1 report_thread_leaks=1 report_destroy_locked=1 report_mutex_bugs=1 report_signal_unsafe=1"
TSAN_OPTS="$TSAN_OPTS report_atomic_races=1 detect_deadlocks=1 ignore_noninstrumented_modules=0 ignore_interceptors_accesses=0"
TSAN_OPTS="$TSAN_OPTS suppressions= log_path=stderr"
SYMBOLIZER="$(dirname "$(readlink -f "$CC")")/llvm-symbolizer"
[ -x "$SYMBOLIZER" ] && TSAN_OPTS="$TSAN_OPTS external_symbolizer_path=$SYMBOLIZER"

# A front matter value of a case's README.md ("" when absent).
front() { sed -n "2,/^---\$/s/^$2:[[:space:]]*//p" "$1/README.md" | head -n 1; }

# floor_variant <case-dir> <variant>: compile and run once, as the harness
# would; writes <out>/<topic>/<name>/<variant>/{bin,err,records,times}.
floor_variant() {
  local d=$1 v=$2 o t cf t0 t1 t2
  o="$FLOOR_OUT/${d#"$FLOOR_SRC"/cases/}/$v"
  mkdir -p "$o"
  t=$(front "$d" timeout); cf=$(front "$d" cflags)
  t0=$EPOCHREALTIME
  # shellcheck disable=SC2086 # flags are words
  "$CC" $CFLAGS_TSAN "-I$FLOOR_SRC/include" -o "$o/bin" "$d/$v.c" "$FLOOR_OUT/hook.o" \
    $LDFLAGS_TSAN $cf 2>"$o/cc.log" || { echo "compile-failed" >"$o/times"; return 0; }
  t1=$EPOCHREALTIME
  TSAN_OPTIONS="$TSAN_OPTS" RACEKIT_REPORT_FD=3 RACEKIT_REPORT_KEY=$BENCH_KEY timeout -s KILL "${t:-10}" "$o/bin" \
    >"$o/out" 2>"$o/err" 3>"$o/records"
  t2=$EPOCHREALTIME
  echo "$t0 $t1 $t2" >"$o/times"
}

# The records channel's key (harness/run/records_channel.h): the hook writes
# nothing without one. Any 32 hex digits do for a run by hand.
BENCH_KEY=0123456789abcdef0123456789abcdef

floor() {
  FLOOR_SRC=$1 FLOOR_OUT=$2
  rm -rf "$FLOOR_OUT" && mkdir -p "$FLOOR_OUT" || return 1
  local t0=$EPOCHREALTIME
  # shellcheck disable=SC2086
  "$CC" $HOOK_FLAGS -o "$FLOOR_OUT/hook.o" "$FLOOR_SRC/harness/run/hook/tsan_hook.c" || return 1 # with hook_channel.h beside it
  echo "$t0 $EPOCHREALTIME" >"$FLOOR_OUT/hook.times"
  export -f floor_variant front
  export FLOOR_SRC FLOOR_OUT CC CFLAGS_TSAN LDFLAGS_TSAN TSAN_OPTS BENCH_KEY
  for d in "$FLOOR_SRC"/cases/*/*/; do
    d=${d%/}
    [ -f "$d/README.md" ] && [ -f "$d/unsafe.c" ] && [ -f "$d/safe.c" ] || continue
    printf '%s unsafe\n%s safe\n' "$d" "$d"
  done | xargs -P "$(nproc)" -L 1 bash -c 'floor_variant "$1" "$2" 2>/dev/null' _
}

if [ "${1:-}" = "--floor" ]; then
  [ $# = 3 ] || { echo "usage: ci/bench.sh --floor <source-dir> <out-dir>" >&2; exit 2; }
  floor "$2" "$3"
  exit $?
fi

# ---- options ----------------------------------------------------------------
quick=0 rounds=3 worktree=0 out="" keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --rounds) rounds=${2:?--rounds needs a number}; shift ;;
    --worktree) worktree=1 ;;
    --out) out=${2:?--out needs a file}; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed 's/^# \{0,1\}//;$d'; exit 0 ;;
    *) echo "bench: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case $rounds in ''|*[!0-9]*|0) echo "bench: --rounds: '$rounds' is not a positive number" >&2; exit 2 ;; esac
factors="1 2 4" overhead_runs=30 runs_list="1 10 50" runs_reps=5 quick_cases=8
if [ $quick = 1 ]; then
  factors="1 2" overhead_runs=10 runs_list="1 10" runs_reps=3
  [ "$rounds" = 3 ] && rounds=1
fi
[ $quick = 0 ] && [ -z "$out" ] && out="$root/docs/performance.md"
# The variant the per-run figures use: short, reports a race, in every corpus.
probe_case=basics/counter

for tool in "$CC" cmake ninja hyperfine /usr/bin/time python3 git; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing: run ci/install-deps.sh --all (it installs hyperfine and time)" >&2; exit 2; }
done
unset RACEKIT_BUILD_DIR RACEKIT_SOURCE_DIR RACEKIT_CC RACEKIT_INCLUDE_DIR RACEKIT_HOOK_SOURCE \
      RACEKIT_TEMPLATE_DIR RACEKIT_META_COMMAND TSAN_OPTIONS RACEKIT_REPORT_FD RACEKIT_REPORT_KEY \
      RACEKIT_TEST_CACHE

work=$(mktemp -d "${TMPDIR:-/tmp}/racekit-bench.XXXXXX") || exit 1
# Readable like a checkout: as root, the sandbox runs each variant as an own
# uid when others can read the binary, and falls back to a pids cgroup (a
# slow migration per run) when they cannot, as under mktemp's 0700.
chmod 755 "$work"
if [ $keep = 1 ]; then
  echo "bench: keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
trap 'exit 130' INT TERM
times="$work/times"   # one line per measurement: figure round wall user sys status log
: >"$times"
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

# ---- the trees ----------------------------------------------------------------
src="$work/src-1"
mkdir -p "$src"
if [ $worktree = 1 ]; then
  (cd "$root" && git ls-files -z --cached --others --exclude-standard |
     tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$src"
  revision="working tree of $(git -C "$root" rev-parse --short HEAD) ($(git -C "$root" status --porcelain | wc -l) changed files)"
else
  git -C "$root" archive HEAD | tar -xf - -C "$src"
  revision="$(git -C "$root" rev-parse --short HEAD) (committed HEAD)"
fi
if [ $quick = 1 ]; then # keep the probe case and the first few others
  keep_list=$(cd "$src/cases" && { echo "$probe_case"; ls -d */*/ | sed 's|/$||'; } | awk '!seen[$0]++' | head -n $quick_cases)
  for d in "$src"/cases/*/*/; do
    id=${d#"$src/cases/"}; id=${id%/}
    printf '%s\n' "$keep_list" | grep -qx "$id" || rm -rf "$d"
  done
fi
[ -f "$src/cases/$probe_case/unsafe.c" ] || { echo "bench: $probe_case is not in the corpus" >&2; exit 2; }
grep -q '"name": "cases"' "$src/CMakePresets.json" ||
  { echo "bench: CMakePresets.json has no 'cases' preset at $revision" >&2; exit 2; }
n_cases=0
for d in "$src"/cases/*/*/; do
  [ -f "$d/README.md" ] && [ -f "$d/unsafe.c" ] && [ -f "$d/safe.c" ] && n_cases=$((n_cases + 1))
done
# The corpus replicated f times: every case folder also as <name>-copy<k>.
for f in $factors; do
  [ "$f" = 1 ] && continue
  cp -a "$src" "$work/src-$f"
  for d in "$src"/cases/*/*/; do
    d=${d%/}
    for k in $(seq 2 "$f"); do cp -a "$d" "$work/src-$f/cases/${d#"$src/cases/"}-copy$k"; done
  done
done

# ---- the machine --------------------------------------------------------------
{
  echo "nproc=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "kernel=$(uname -sr)"
  echo "memory=$(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
  echo "clang=$("$CC" --version | head -n 1) ($CC)"
  echo "cc=$(cc --version | head -n 1)"
  echo "cmake=$(cmake --version | head -n 1)"
  echo "ninja=$(ninja --version)"
  echo "hyperfine=$(hyperfine --version)"
  echo "revision=$revision"
  echo "cases=$n_cases"
  echo "rounds=$rounds"
  echo "quick=$quick"
  echo "factors=$factors"
  echo "overhead_runs=$overhead_runs"
  echo "runs_list=$runs_list"
  echo "runs_reps=$runs_reps"
  echo "probe_case=$probe_case"
  echo "load_start=$(uptime)"
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
} >"$work/machine"
free -h >"$work/free.txt"

# ---- measuring ----------------------------------------------------------------
# Prefix each output line with the time it was read (bash's clock: no fork).
stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }

# timed <figure> <round> <dir> <command...>: run it in <dir>, append its wall,
# user and sys seconds and exit status to $times; output to a stamped log.
timed() {
  local fig=$1 r=$2 dir=$3; shift 3
  local lg="$work/logs/$fig.$r.log" tf="$work/time.$fig"
  mkdir -p "$work/logs"
  echo "$EPOCHREALTIME bench-start" >"$lg"
  (cd "$dir" && /usr/bin/time -q -f '%e %U %S' -o "$tf" "$@" 2>&1) | stamp >>"$lg"
  local st=${PIPESTATUS[0]}
  echo "$EPOCHREALTIME bench-end" >>"$lg"
  echo "$fig $r $(tail -n 1 "$tf") $st $lg" >>"$times"
  log "$fig (round $r): $(tail -n 1 "$tf" | cut -d' ' -f1) s, status $st"
}

empty_cache() { rm -rf "$1/build/cache" "$1/build/results"; }
edit_one() { printf '\n/* bench: an edit */\n' >>"$1/cases/$probe_case/unsafe.c"; }

for r in $(seq 1 "$rounds"); do
  log "round $r of $rounds ($n_cases cases; load: $(cut -d' ' -f1-3 /proc/loadavg))"
  timed floor "$r" "$work" "$here/bench.sh" --floor "$src" "$work/floor-out"
  cp -a "$work/floor-out" "$work/floor-out.$r"
  rm -rf "$src/build"
  timed cold "$r" "$src" cmake --workflow --preset default
  timed warm "$r" "$src" cmake --workflow --preset default
  timed warm-uncached "$r" "$src" env RACEKIT_TEST_CACHE=off ctest --preset default
  rm -rf "$src/build"
  timed cold-cases "$r" "$src" cmake --workflow --preset cases
  cp -a "$src/build/results" "$work/results-cold.$r"
  timed warm-cases "$r" "$src" ctest --preset cases
  timed warm-cases-workflow "$r" "$src" cmake --workflow --preset cases
  cp "$src/cases/$probe_case/unsafe.c" "$work/unsafe.c.orig"
  edit_one "$src"
  timed warm-cases-edit "$r" "$src" ctest --preset cases
  cp "$work/unsafe.c.orig" "$src/cases/$probe_case/unsafe.c"
  empty_cache "$src"
  timed test-j1 "$r" "$src" env RACEKIT_TEST_CACHE=off ctest --preset cases -j1
  empty_cache "$src"
  timed test-j2 "$r" "$src" env RACEKIT_TEST_CACHE=off ctest --preset cases -j2
  for f in $factors; do
    [ "$f" = 1 ] && continue
    rm -rf "$work/src-$f/build"
    timed "cold-cases-x$f" "$r" "$work/src-$f" cmake --workflow --preset cases
    timed "warm-cases-x$f" "$r" "$work/src-$f" ctest --preset cases
  done
done

# ---- per run: overhead and --runs N -------------------------------------------
# The same cached binary, the same environment the harness gives it (its
# TSAN_OPTIONS come from the result file), through the same shell: hyperfine
# subtracts the shell's start-up from both. Three interleaved batches. The
# check also runs with the pids cgroup forced (RACEKIT_SANDBOX=cgroup):
# moving a child into a cgroup is the slowest step we found.
export RACEKIT_BUILD_DIR="$src/build"
racekit="$src/build/racekit"
for v in safe unsafe; do
  "$racekit" check --quiet "$src/cases/$probe_case" "$v" >/dev/null
  bin="$src/build/cache/tsan/$probe_case/$v/bin"
  opts=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tsan_options"])' \
           "$src/build/results/tsan/$probe_case/$v.json")
  per=$(( (overhead_runs + 2) / 3 ))
  for b in 1 2 3; do
    log "overhead $v, batch $b of 3 ($per runs each)"
    hyperfine --style none -i --warmup 2 --runs "$per" --export-json "$work/overhead-$v.$b.json" \
      -n check "$racekit check --quiet $src/cases/$probe_case $v" \
      -n check-cgroup "RACEKIT_SANDBOX=cgroup $racekit check --quiet $src/cases/$probe_case $v" \
      -n direct "TSAN_OPTIONS='$opts' RACEKIT_REPORT_FD=3 RACEKIT_REPORT_KEY=$BENCH_KEY $bin 3>$work/records" >/dev/null 2>&1 ||
      log "hyperfine failed for the overhead of $v"
  done
done
for n in $runs_list; do
  log "racekit check --runs $n ($runs_reps times)"
  hyperfine --style none --runs "$runs_reps" -i --export-json "$work/runs-$n.json" \
    "$racekit check --quiet --runs $n $src/cases/$probe_case unsafe" >/dev/null 2>&1
  cp "$src/build/results/tsan/$probe_case/unsafe.json" "$work/runs-$n.result.json"
done
unset RACEKIT_BUILD_DIR
echo "load_end=$(uptime)" >>"$work/machine"

# ---- the report ---------------------------------------------------------------
cmd="ci/bench.sh"
[ $quick = 1 ] && cmd="$cmd --quick"
[ "$rounds" != 3 ] && [ $quick = 0 ] && cmd="$cmd --rounds $rounds"
[ $worktree = 1 ] && cmd="$cmd --worktree"
python3 "$here/bench_report.py" "$work" "$cmd" "${out:--}"
