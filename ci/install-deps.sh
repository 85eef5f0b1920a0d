#!/bin/bash
# ci/install-deps.sh - install what racekit needs on Debian/Ubuntu, only what
# is missing (safe to run again): clang with its ThreadSanitizer runtime,
# cmake, ninja, python3 with python3-yaml and python3-jsonschema (test
# scripts; the SARIF test validates against the SARIF schema), gdb (thread stacks
# of hung runs), libdw-dev and pkg-config (the harness resolves TSan's
# frames itself: no llvm-symbolizer process per reporting run).
# Ends by compiling and running a tiny TSan program to prove the toolchain.
# Usage: ci/install-deps.sh [--all]
set -u

# --all: also the other detectors of `cmake --workflow --preset all`
# (clang 16 and 19 with their TSan runtimes, gcc's libtsan, Valgrind),
# what ci/bench.sh measures with (hyperfine, /usr/bin/time), and chromium,
# in which the HTML report's test opens the page at 1400 and 400 px.
all=0
[ "${1:-}" = --all ] && all=1

need=()
have() { command -v "$1" >/dev/null 2>&1; }
if [ $all = 1 ]; then
  have valgrind || need+=(valgrind)
  have hyperfine || need+=(hyperfine)
  [ -x /usr/bin/time ] || need+=(time)
  have gcc || need+=(gcc)
  have chromium || need+=(chromium)
  [ -e /usr/lib/x86_64-linux-gnu/libtsan.so.2 ] || need+=(libtsan2)
  for v in 16 19; do
    have clang-$v || need+=(clang-$v)
    [ -d /usr/lib/llvm-$v/lib/clang ] && ls /usr/lib/llvm-$v/lib/clang/*/lib/linux/libclang_rt.tsan-x86_64.a >/dev/null 2>&1 \
      || need+=(libclang-rt-$v-dev)
  done
fi
have cmake || need+=(cmake)
have ninja || need+=(ninja-build)
have python3 || need+=(python3)
python3 -c 'import yaml' 2>/dev/null || need+=(python3-yaml)   # checks of ci/ pipeline files
python3 -c 'import jsonschema' 2>/dev/null || need+=(python3-jsonschema)   # the SARIF schema check
have gdb || need+=(gdb)
have pkg-config || need+=(pkg-config)
[ -e /usr/include/elfutils/libdwfl.h ] || need+=(libdw-dev)
have clang-14 || have clang || need+=(clang)

# The TSan runtime: Debian 12 ships it in libclang-rt-14-dev.
clang_bin=$(command -v clang-14 || command -v clang || true)
tsan_rt=""
[ -n "$clang_bin" ] && tsan_rt=$("$clang_bin" -print-file-name=libclang_rt.tsan-x86_64.a 2>/dev/null)
[ -n "$tsan_rt" ] && [ -f "$tsan_rt" ] || need+=(libclang-rt-14-dev)

sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
if [ ${#need[@]} -gt 0 ]; then
  echo "racekit: installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || exit 1
  for pkg in "${need[@]}"; do
    # Older releases keep the runtime in libclang-common-14-dev instead.
    if [ "$pkg" = libclang-rt-14-dev ] && ! apt-cache show libclang-rt-14-dev >/dev/null 2>&1; then
      pkg=libclang-common-14-dev
    fi
    $sudo apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null || { echo "racekit: cannot install $pkg" >&2; exit 1; }
  done
fi

# Prove that clang builds and runs a ThreadSanitizer program here.
clang_bin=$(command -v clang-14 || command -v clang)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
printf 'int main(void) { return 0; }\n' > "$tmp/t.c"
if ! "$clang_bin" -fsanitize=thread -o "$tmp/t" "$tmp/t.c" || ! TSAN_OPTIONS=atexit_sleep_ms=0 "$tmp/t"; then
  echo "racekit: $clang_bin cannot build or run a ThreadSanitizer program" >&2
  exit 1
fi
echo "racekit: toolchain ready ($("$clang_bin" --version | head -n 1))"
