#!/bin/bash
# cache_e2e.sh <racekit> <scratch-dir> <clang> - the compile cache never
# reuses a stale binary: a change to the source, a header it includes, the
# flags or the compiler rebuilds exactly the variants that depend on it.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/e2e_lib.sh" "$1" "$2"
clang=$3
case_dir="$SCRATCH/cases/check/cache-me"
mkdir -p "$case_dir" "$SCRATCH/include"
cp "$here"/../../judge/tests/fixtures/check/no-lock/* "$case_dir/"
cp "$here/../../../include/racekit.h" "$SCRATCH/include/"
export RACEKIT_INCLUDE_DIR="$SCRATCH/include"
# unsafe.c alone includes a local header: changing it must not rebuild safe.c.
echo '#define CACHE_ME 1' > "$case_dir/extra.h"
sed -i 's|#include "racekit.h"|#include "racekit.h"\n#include "extra.h"|' "$case_dir/unsafe.c"

# cached VARIANT WANT - check the variant; its build was (not) reused.
cached() {
  run_check --cases-root "$SCRATCH/cases" "$case_dir" "$1"
  [ "$status" = 0 ] || [ "$status" = 1 ] || fail "check $1 exited $status: $err"
  expect_field "$SCRATCH/results/tsan/check/cache-me/$1.json" "d['build']['cached']" "$2"
}

cached unsafe False
cached safe False
cached unsafe True
cached safe True

echo '/* edited */' >> "$case_dir/unsafe.c"        # the source
cached unsafe False
cached safe True

echo '#define CACHE_ME 2' > "$case_dir/extra.h"    # a header only unsafe.c reads
cached unsafe False
cached safe True

echo '/* edited */' >> "$SCRATCH/include/racekit.h" # the header both read
cached unsafe False
cached safe False
cached unsafe True

sed -i 's|^timeout: 10|timeout: 10\ncflags: -DEXTRA_FLAG=1|' "$case_dir/README.md"  # the flags
cached unsafe False
cached safe False

# The same case id under another cases root (a second student's exercise
# folder): its own source, never the first one's binary. The copy's
# safe.c is the racy unsafe.c, so a reused binary would pass it.
other="$SCRATCH/other-root/check/cache-me"
mkdir -p "$other" && cp "$case_dir"/* "$other/" && cp "$case_dir/unsafe.c" "$other/safe.c"
run_check --cases-root "$SCRATCH/other-root" "$other" safe
expect_status 1
expect_field "$SCRATCH/results/tsan/check/cache-me/safe.json" "(d['build']['cached'], d['outcome'])" "(False, 'reported')"
cached safe False

# Cache files are not synced to disk: what a crash can leave (an empty
# binary, hook object or probe answer) must never pass for a valid entry.
: > "$SCRATCH/cache/tsan/check/cache-me/unsafe/bin"
cached unsafe False
cached unsafe True
for f in "$SCRATCH"/cache/hooks/*; do : > "$f"; done
rm -rf "$SCRATCH/cache/tsan/check/cache-me/safe"    # so the hook is linked again
cached safe False
expect_field "$SCRATCH/results/tsan/check/cache-me/safe.json" "(d['outcome'], d['compiler'])" "('reported', '$("$clang" --version | head -n 1)')"

printf '#!/bin/sh\nexec "%s" "$@"\n' "$clang" > "$SCRATCH/cc"   # another compiler
chmod +x "$SCRATCH/cc"
export RACEKIT_CC="$SCRATCH/cc"
cached unsafe False
cached unsafe True
touch -d '+1 hour' "$SCRATCH/cc"                   # the same compiler, updated
cached unsafe False
cached unsafe True
finish
