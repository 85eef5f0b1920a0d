#!/bin/sh
# measure-primer.sh - build and run ci/measure-primer.c, print Markdown tables.
#
# The tables in docs/concepts.md are the output of this script on the machine
# named there. Usage: sh ci/measure-primer.sh   (from anywhere; needs cc)
# Times depend on the machine and its load: run it on an idle machine, and
# compare the ratios, not the milliseconds.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

cc -std=c11 -O2 -pthread -Wall -Wextra -o "$tmp/measure-primer" "$here/measure-primer.c"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)
echo "Machine: ${cpu:-unknown CPU}, $(nproc) cores; compiler: $(cc --version | head -n 1); built with \`cc -O2 -pthread\`; load average at the start: $load."
echo
"$tmp/measure-primer"
