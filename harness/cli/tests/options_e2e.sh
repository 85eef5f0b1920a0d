#!/bin/bash
# options_e2e.sh <racekit> <repository-root> <scratch-dir> - every command's
# command line (issue 21, point 4). The commands come from `racekit
# --help` itself, so a new command is held to all of this at once:
#   - `--help`, `-h` and `racekit help <command>` print its usage (exit 0)
#     with every option its synopsis in `racekit --help` lists, each
#     option listed is one it takes, and the options this script knows a
#     command has are there;
#   - a value option without its value: exit 2, one line naming it;
#   - an option of another command: exit 2, one line naming it and whose;
#   - `--flag=value` is `--flag value`;
#   - an option that does not apply, a --root that is not there: exit 2;
#   - hints give racekit as it can be typed from where it runs;
#   - docs/commands.md holds the help racekit prints.
here=$(cd "$(dirname "$0")" && pwd)
root=$2
. "$here/../../tests/e2e_lib.sh" "$1" "$3"
bin=$(dirname "$RACEKIT")

# The options each command has by its documentation (docs/commands.md and
# the pages it links); a command racekit lists that is missing here fails.
declare -A known=(
  [check]="--runs --witness --detector --cases-root --no-scheduler --quiet"
  [meta]=""
  [new]="--expect --cases-root"
  [lint]="--runs --no-run --reuse-results --jobs"
  [explain]="--detector"
  [exercise]="--classroom"
  [grade]="--jobs --runs --timeout --output --shard --test --merge --classroom"
  [explore]="--schedules --seed --depth --strategy --bound --timeout --cases-root --quiet"
  [replay]="--schedule --timeout --cases-root --quiet"
  [step]="--choices --timeout --cases-root"
  [lessons]="--week --detector --cases-root --markdown"
  [paths]=""
  [cached]="--input"
  [report]="--format --output --root --sarif-expected"
)

# run ARGS... - racekit ARGS from $SCRATCH; status, out, err.
run() {
  out=$(cd "$SCRATCH" && "$RACEKIT" "$@" 2>"$SCRATCH/stderr"); status=$?
  err=$(cat "$SCRATCH/stderr")
}

# refused WHAT TEXT ARGS... - racekit ARGS exits 2 with one line on stderr
# containing TEXT.
refused() {
  local what=$1 text=$2
  shift 2
  run "$@"
  [ "$status" = 2 ] || fail "$what: exit status $status, want 2 ($err)"
  [ "$(grep -c . <<<"$err")" = 1 ] || fail "$what: want one line on stderr, got: $err"
  grep -qF -- "$text" <<<"$err" || fail "$what: '$err' lacks '$text'"
}

run --help
expect_status 0
top=$out
# "  check     compile one variant ...": the command lines of the list.
mapfile -t commands < <(sed -n '/^commands:/,/^$/p' <<<"$top" | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
[ "${#commands[@]}" -ge 12 ] || fail "racekit --help lists ${#commands[@]} commands: $top"

# options_of HELP - the long options of a --help text, one per line.
options_of() { sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' <<<"$1" | grep -vx -- --help; }

declare -A owner
for c in "${commands[@]}"; do
  [ -n "${known[$c]+set}" ] || fail "$c: a command this test does not know: add its options to 'known'"
  run "$c" --help
  expect_status 0
  help=$out
  run "$c" -h
  expect_status 0
  [ "$out" = "$help" ] || fail "$c: -h and --help differ"
  run help "$c"
  [ "$status:$out" = "0:$help" ] || fail "racekit help $c is not $c --help (status $status)"
  [ -z "$err" ] || fail "$c --help wrote on stderr: $err"
  head -1 <<<"$help" | grep -q "^usage: $RACEKIT $c " || fail "$c --help: no usage line: $(head -1 <<<"$help")"
  grep -q '^  -h, --help ' <<<"$help" || fail "$c --help does not list --help"
  opts=$(options_of "$help")
  for o in ${known[$c]}; do
    grep -qx -- "$o" <<<"$opts" || fail "$c --help does not explain $o"
  done
  # Its synopsis in racekit --help: every option there is explained here.
  synopsis=$(awk -v c="$c" '$1 == c { on = 1; next } on && (/^  [a-z]/ || /^$/) { exit } on' <<<"$top")
  for o in $(grep -o -- '--[a-z][a-z-]*' <<<"$synopsis"); do
    grep -qx -- "$o" <<<"$opts" || fail "$c: racekit --help lists $o, $c --help does not explain it"
  done
  for o in $opts; do
    owner[$o]="${owner[$o]} $c"
    # Each option listed is one the command takes. A value option as the
    # last word misses its value; a switch is taken, and the made-up
    # option after it is what is refused (so no command runs).
    if grep -q "^  \(-[a-zA-Z], \)\{0,1\}$o [^ ]" <<<"$help"; then
      refused "$c $o (no value)" "$c: $o needs a value" "$c" "$o"
    else
      refused "$c $o" "unknown option '--zz-after'" "$c" "$o" --zz-after
    fi
  done
done

# An option of another command, named with whose it is.
for c in "${commands[@]}"; do
  for o in "${!owner[@]}"; do
    case " ${owner[$o]} " in *" $c "*) continue ;; esac
    refused "$c $o" "'$o' is an option of" "$c" "$o" x
    grep -qF -- "not of $c" <<<"$err" || fail "$c $o: does not say it is not $c's: $err"
    break
  done
done
refused "report --runs" "'--runs' is an option of check, lint and grade, not of report" report --runs 3 results

# --flag=value is --flag value (report on the fixture results; new).
cp -r "$root/harness/report/tests/data/report/results" "$SCRATCH/results"
run report --format json --root "$root" results
expect_status 0
spaced=$out
run report --format=json --root="$root" results
expect_status 0
[ "$out" = "$spaced" ] || fail "report --format=json differs from --format json"
run report -f json -o "$SCRATCH/a.json" results
run report -f json --output="$SCRATCH/b.json" results
expect_status 0
cmp -s "$SCRATCH/a.json" "$SCRATCH/b.json" || fail "--output=FILE and -o FILE wrote different reports"
run report --format=sarif --sarif-expected results
expect_status 0
grep -q '"racekit/expected"' <<<"$out" || fail "--format=sarif --sarif-expected: no expected results: $out"
mkdir -p "$SCRATCH/cases"
run new --expect=hang --cases-root="$SCRATCH/cases" eq/joined
expect_status 0
run new --expect hang --cases-root "$SCRATCH/cases" eq/spaced
expect_status 0
diff <(sed 's/eq\/joined/eq\/X/g' "$SCRATCH/cases/eq/joined/README.md") \
  <(sed 's/eq\/spaced/eq\/X/g' "$SCRATCH/cases/eq/spaced/README.md") >/dev/null ||
  fail "new --expect=hang and --expect hang made different cases"

# Options that do not apply, a root that is not there, other mistakes.
refused "sarif-expected with table" "--sarif-expected applies to --format sarif (or all), not table" \
  report --sarif-expected results
refused "sarif-expected with json" "not json" report --format json --sarif-expected results
refused "root not there" "--root: /nonexistent-$$: No such file or directory" report --root "/nonexistent-$$" results
refused "root a file" "--root: $SCRATCH/a.json: not a folder" report --root "$SCRATCH/a.json" results
refused "switch with a value" "--quiet takes no value" check --quiet=yes a unsafe
refused "value then option" "--runs needs a value" check --runs --quiet a unsafe
refused "depth with random" "--depth applies to --strategy pct and mix, not random" \
  explore --strategy random --depth 2 a unsafe
refused "bound with pct" "--bound applies to --strategy bounded and mix, not pct" explore --strategy=pct --bound=1 a unsafe
refused "runs with no-run" "--runs does not apply with --no-run" lint --no-run --runs 2
refused "replay without schedule" "--schedule STR is required" replay a unsafe
refused "too many operands" "unexpected operand 'extra'" check a unsafe extra
refused "too few operands" "expected <case-dir> <unsafe|safe>, got 1 operand" explore a
refused "unknown option" "unknown option '--colour'" report --colour results
refused "unknown command" "unknown command 'chek'" chek

# Hints: racekit as the user can type it from where it runs.
hint() { # DIR HOW... - the hint of an unknown command, racekit run as HOW from DIR
  local dir=$1
  shift
  (cd "$dir" && "$@" chek 2>&1 >/dev/null) | sed -n 's/.*(see \(.*\) --help)$/\1/p'
}
[ "$(hint "$bin" ./racekit)" = ./racekit ] || fail "from its folder: '$(hint "$bin" ./racekit)', want ./racekit"
[ "$(hint "$SCRATCH" "$RACEKIT")" = "$RACEKIT" ] || fail "from elsewhere: '$(hint "$SCRATCH" "$RACEKIT")'"
[ "$(hint "$(dirname "$bin")" "$RACEKIT")" = "./$(basename "$bin")/racekit" ] ||
  fail "from above it: '$(hint "$(dirname "$bin")" "$RACEKIT")', want ./$(basename "$bin")/racekit"
[ "$(hint / env PATH="$bin:$PATH" racekit)" = racekit ] || fail "on PATH: '$(hint / env PATH="$bin:$PATH" racekit)'"
mkdir -p "$SCRATCH/my kit" && ln -s "$RACEKIT" "$SCRATCH/my kit/racekit"
[ "$(hint / "$SCRATCH/my kit/racekit")" = "'$SCRATCH/my kit/racekit'" ] ||
  fail "a path with a space is not quoted: $(hint / "$SCRATCH/my kit/racekit")"
# A PATH racekit that is another program: the hint is not the bare name.
mkdir -p "$SCRATCH/other" && printf '#!/bin/sh\n' >"$SCRATCH/other/racekit" && chmod +x "$SCRATCH/other/racekit"
[ "$(hint "$SCRATCH" env PATH="$SCRATCH/other:$PATH" "$RACEKIT")" = "$RACEKIT" ] ||
  fail "another racekit on PATH: '$(hint "$SCRATCH" env PATH="$SCRATCH/other:$PATH" "$RACEKIT")'"
usage_line=$(cd "$bin" && ./racekit report --help | head -1)
[ "$usage_line" = "usage: ./racekit report [options] <results-dir>..." ] || fail "report --help from its folder: $usage_line"
run explain --help
grep -q "^usage: $RACEKIT explain" <<<"$out" || fail "explain --help: $(head -1 <<<"$out")"

# docs/commands.md holds what racekit --help and each command's --help print.
bash "$root/ci/commands-doc.sh" --check "$RACEKIT" || fail "docs/commands.md is not racekit's help (ci/commands-doc.sh $RACEKIT rewrites it)"
finish
