# e2e_lib.sh - helpers for the harness's end-to-end test scripts (sourced).
# Usage: . e2e_lib.sh <racekit> <scratch-dir>; then `expect_status`, `field`.

RACEKIT=$1
SCRATCH=$2
rm -rf "$SCRATCH" && mkdir -p "$SCRATCH" || exit 1
export RACEKIT_BUILD_DIR="$SCRATCH"
failures=0

# fail MESSAGE - record a failed check with what broke.
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run_check ARGS... - run `racekit check`, keep status and output.
run_check() {
  out=$("$RACEKIT" check "$@" 2>"$SCRATCH/stderr"); status=$?
  err=$(cat "$SCRATCH/stderr")
}

# expect_status N - the last run_check exited with N.
expect_status() { [ "$status" = "$1" ] || fail "exit status $status, want $1 ($out $err)"; }

# field JSON-FILE EXPR - print a field of a result file (python expression on d).
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# expect_field JSON-FILE EXPR WANT
expect_field() {
  got=$(field "$1" "$2" 2>&1)
  [ "$got" = "$3" ] || fail "$1: $2 is '$got', want '$3'"
}

# finish - exit status of the test script.
finish() {
  if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
