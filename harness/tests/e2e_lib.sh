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

# expect_field JSON-FILE EXPR WANT - EXPR on the file as it is now is WANT
# (as `field` prints it). The file is copied now and every expectation of
# the script is evaluated by one Python process in `finish`: a Python
# start costs more than most checks.
_fields="$SCRATCH/.expect-field"
_nfields=0
expect_field() {
  _nfields=$((_nfields + 1))
  [ -d "$_fields" ] || mkdir -p "$_fields"
  cp "$1" "$_fields/$_nfields.json" 2>/dev/null || rm -f "$_fields/$_nfields.json"
  printf '%s\0%s\0%s\0' "$1" "$2" "$3" >"$_fields/$_nfields.want"
}

# _check_fields - evaluate the expectations recorded by expect_field, in
# order; one FAIL line each that does not hold, as `fail` writes it.
_check_fields() {
  [ "$_nfields" -gt 0 ] || return 0
  local bad
  bad=$(python3 - "$_fields" "$_nfields" <<'PY'
import json, sys, traceback
folder, n, bad = sys.argv[1], int(sys.argv[2]), 0
for i in range(1, n + 1):
    name, expr, want = open(f"{folder}/{i}.want", encoding="utf-8", errors="surrogateescape").read().split("\0")[:3]
    try:
        d = json.load(open(f"{folder}/{i}.json"))
        got = str(eval(expr))
    except Exception:
        got = traceback.format_exc()
    got = got.rstrip("\n")
    if got != want:
        print(f"FAIL: {name}: {expr} is '{got}', want '{want}'", file=sys.stderr)
        bad += 1
print(bad)
PY
  ) || bad=${bad:-1}
  case $bad in ''|*[!0-9]*) fail "the recorded field checks could not be evaluated"; return ;; esac
  failures=$((failures + bad))
}

# finish - exit status of the test script.
finish() {
  _check_fields
  if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
