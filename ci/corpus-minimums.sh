#!/bin/bash
# ci/corpus-minimums.sh <racekit> - the corpus meets the coverage it
# promises: at least 45 cases in 10 topics; every report kind clang 14's
# TSan produces from C taught by an unsafe variant expecting it; at least 4
# invariant, 3 hang and 5 missed cases. Prints the counts; exit 1 below any.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
racekit=$1
expects=$(for dir in "$root"/cases/*/*/; do
  "$racekit" meta "$dir" | sed -n 's/^expect=//p' | tr ',' '\n' | sed 's/^ *//'
done)
cases=$(ls -d "$root"/cases/*/*/ | wc -l)
topics=$(ls -d "$root"/cases/*/ | wc -l)
count() { printf '%s\n' "$expects" | grep -cx -- "$1"; }
bad=0
check() { # NAME GOT MIN
  if [ "$2" -ge "$3" ]; then echo "ok   $1: $2 (at least $3)"; else echo "FAIL $1: $2, need at least $3"; bad=1; fi
}
check cases "$cases" 45
check topics "$topics" 10
for kind in data-race heap-use-after-free thread-leak lock-order-inversion \
            locked-mutex-destroy mutex-bad-unlock signal-unsafe-call errno-in-signal-handler; do
  check "$kind" "$(count "$kind")" 1
done
check invariant "$(count invariant)" 4
check hang "$(count hang)" 3
check missed "$(count missed)" 5
# mutex-double-lock: taught when clang 14 reports it from C, else the
# evidence is in docs/tsan-report-kinds.md.
if [ "$(count mutex-double-lock)" -ge 1 ]; then echo "ok   mutex-double-lock: taught";
elif grep -q mutex-double-lock "$root/docs/tsan-report-kinds.md" 2>/dev/null; then echo "ok   mutex-double-lock: not reported from C, see docs/tsan-report-kinds.md";
else echo "FAIL mutex-double-lock: neither a case nor docs/tsan-report-kinds.md"; bad=1; fi
exit $bad
