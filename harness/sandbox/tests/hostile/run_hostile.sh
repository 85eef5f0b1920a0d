#!/bin/bash
# run_hostile.sh - run one hostile program (the `safe` variant of
# harness/sandbox/tests/hostile/<topic>/<name>) through `racekit check`, then check
# what racekit answered and that it left nothing behind.
#
#   run_hostile.sh <racekit> <scratch> <topic/name> <outcome> <status> <reason>
#                  [-e VAR=VALUE]... [-x EXPR]... [-n NO-GDB-REASON] [-r RUNS]
#                  [-c FILE] [-v VARIANT] [-p DIR] [-u]
#
# <status> is racekit's exit status (0 pass, 1 fail: the harness ended
# normally); <reason> is a shell pattern the result's reason must match, in
# which @MARKER@ stands for the line of safe.c that holds /* MARKER */.
# -e sets a variable for racekit only; -x adds a Python expression on the
# result `d` that must hold; -n is the reason pattern when gdb is not
# installed (or RACEKIT_GDB=none); -r runs the check RUNS times (--runs);
# -c names a file to delete first (a counter that an -x expression reads);
# -v checks another variant than `safe`; -p puts DIR first on racekit's
# PATH (tools a program planted there must never run); -u runs racekit as
# an ordinary user (nobody, with a scratch folder of its own: a student's
# laptop), skipped (77) when not root or when nobody cannot run racekit or
# read the case here.
# Exit 0 when every check passed, 77 when
# racekit skipped (no TSan here).
set -u
here=$(cd "$(dirname "$0")" && pwd)
racekit=$1 scratch=$2 id=$3 want_outcome=$4 want_status=$5 want_reason=$6
shift 6
envs=() exprs=() no_gdb_reason= runs=1 variant=safe path_first= as_user=
while [ $# -gt 0 ]; do
  case $1 in
    -e) envs+=("$2"); shift 2 ;;
    -x) exprs+=("$2"); shift 2 ;;
    -n) no_gdb_reason=$2; shift 2 ;;
    -r) runs=$2; shift 2 ;;
    -v) variant=$2; shift 2 ;;
    -c) rm -f "$2"; shift 2 ;;
    -p) path_first=$2; shift 2 ;;
    -u) as_user=nobody; shift ;;
    *) echo "run_hostile.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
gdb=${RACEKIT_GDB:-gdb}
for e in "${envs[@]}"; do [ "${e%%=*}" = RACEKIT_GDB ] && gdb=${e#*=}; done
if [ -n "$no_gdb_reason" ] && { [ "$gdb" = none ] || ! command -v "$gdb" >/dev/null || ! command -v gdb >/dev/null; }; then
  want_reason=$no_gdb_reason
fi
failures=0
fail() { echo "FAIL $id: $*" >&2; failures=$((failures + 1)); }
hostile() { python3 "$here/hostile.py" "$@"; }

case_dir="$here/$id"
while [[ $want_reason =~ @([A-Z-]+)@ ]]; do
  marker=${BASH_REMATCH[1]}
  line=$(grep -n "/\* $marker \*/" "$case_dir/safe.c" | head -n 1 | cut -d: -f1)
  want_reason=${want_reason//@$marker@/$line}
done

# The tag is in racekit's environment only, so every process of this run
# (and no other) carries it: that is how leftovers are found.
tag="RACEKIT_HOSTILE_TAG=$id-$$"
as=()
if [ -n "$as_user" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "SKIP: -u needs root to become $as_user"; exit 77; }
  as=(setpriv --reuid="$as_user" --regid="$(id -gn "$as_user")" --clear-groups --)
  "${as[@]}" test -x "$racekit" -a -r "$case_dir/safe.c" ||
    { echo "SKIP: $as_user cannot run $racekit or read $case_dir here"; exit 77; }
  # A scratch folder of the user's own, as on a laptop.
  scratch="$scratch/as-$as_user"
  mkdir -p "$scratch/tmp" && chown -R "$as_user" "$scratch"
fi
mkdir -p "$scratch/tmp"
export RACEKIT_BUILD_DIR="$scratch" TMPDIR="$scratch/tmp"
result="$scratch/results/tsan/$id/$variant.json"
rm -f "$result"
[ -z "$path_first" ] || envs+=("PATH=$path_first:$PATH")
out=$("${as[@]}" env "$tag" "${envs[@]}" "$racekit" check --quiet --runs "$runs" --cases-root "$here" "$case_dir" "$variant" 2>"$scratch/$$.err")
status=$?
err=$(cat "$scratch/$$.err")
rm -f "$scratch/$$.err"
echo "$out"
if [ "$status" = 77 ]; then echo "SKIP: $out"; exit 77; fi

[ "$status" = "$want_status" ] || fail "racekit exited $status, want $want_status"
[ -z "$err" ] || fail "racekit wrote to stderr: $err"
# One Python process for the result's checks, its reason and the scan for
# processes of the run still alive.
after=$(hostile after "$result" "$tag" "d['outcome'] == '$want_outcome'" "${exprs[@]}") || fail "result checks"
reason=$(sed -n 1p <<<"$after") left=$(sed -n 2p <<<"$after")
[[ $reason == $want_reason ]] || fail "reason is '$reason', want '$want_reason'"
if [ -n "$left" ]; then
  fail "processes of the run still alive: $left"
  kill -9 $left 2>/dev/null
fi
stray=$(find "$scratch/results/tsan/$id" "$scratch/cache/tsan/$id" -name '*.tmp.*' 2>/dev/null)
[ -z "$stray" ] || fail "temporary files left: $stray"

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "hostile $id: $want_outcome, as expected"
