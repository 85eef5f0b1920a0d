#!/bin/bash
# ci/catalogue.sh <racekit> [--check [--strict]] - the table of every case
# (topic, title, expected outcome, the primitive that fixes it) from the
# cases' front matter. Without --check it rewrites docs/catalogue.md; with
# --check it fails, naming each difference, when a row of docs/catalogue.md
# is out of date (a row naming a case that does not exist, or whose front
# matter changed). A case that has no row yet, such as one a student just
# added, is a note, not a failure: the README's test command must not go red
# on a student's first case. --strict (this repository's CI, .ci/run) fails
# on a missing row too, so every case the kit ships is listed.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
racekit=$1
doc="$root/docs/catalogue.md"

table() {
  echo "| case | topic | title | expect | fix |"
  echo "|---|---|---|---|---|"
  for dir in "$root"/cases/*/*/; do
    meta=$("$racekit" meta "$dir") || return 1
    get() { printf '%s\n' "$meta" | sed -n "s/^$1=//p"; }
    id=$(get id)
    printf '| [%s](../cases/%s/README.md) | %s | %s | %s | %s |\n' \
      "$id" "$id" "$(get topic)" "$(get title)" "$(get expect)" "$(get fix)"
  done
}

new=$(mktemp) && trap 'rm -f "$new"' EXIT
{
  echo "# Catalogue of cases"
  echo
  echo "Every case in \`cases/\`, from its front matter. Regenerate with"
  echo "\`ci/catalogue.sh build/racekit\`; the test \`corpus/catalogue\` fails when a"
  echo "row and its case disagree (a case with no row yet, such as one you just"
  echo "added, is a note there; this repository's CI wants every row)."
  echo
  table || exit 1
} > "$new" || exit 1

if [ "${2:-}" = --check ]; then
  strict=0
  [ "${3:-}" = --strict ] && strict=1
  declare -A have=() want=()
  # A row's case id is its first cell, "[topic/name](...)".
  row_id() { sed -n 's/^| \[\([^]]*\)\].*/\1/p' <<<"$1"; }
  while IFS= read -r line; do
    id=$(row_id "$line") && [ -n "$id" ] && have[$id]=$line
  done < "$doc"
  while IFS= read -r line; do
    id=$(row_id "$line") && [ -n "$id" ] && want[$id]=$line
  done < "$new"
  problems=() notes=()
  # Everything above the rows (the title, the header) is the script's own.
  if ! diff -q <(grep -v '^| \[' "$doc") <(grep -v '^| \[' "$new") >/dev/null; then
    problems+=("  the text around the table differs from what the script writes")
  fi
  for id in $(printf '%s\n' "${!have[@]}" | sort); do
    if [ -z "${want[$id]+x}" ]; then
      problems+=("  row for a case that is gone: ${have[$id]}")
    elif [ "${have[$id]}" != "${want[$id]}" ]; then
      problems+=("  row out of date: ${have[$id]}" "    the front matter says: ${want[$id]}")
    fi
  done
  for id in $(printf '%s\n' "${!want[@]}" | sort); do
    [ -n "${have[$id]+x}" ] && continue
    if [ "$strict" = 1 ]; then
      problems+=("  row missing: ${want[$id]}")
    else
      notes+=("note: cases/$id is not in docs/catalogue.md yet (ci/catalogue.sh build/racekit adds it)")
    fi
  done
  for n in "${notes[@]}"; do echo "$n"; done
  if [ "${#problems[@]}" -gt 0 ]; then
    echo "docs/catalogue.md is out of date (run ci/catalogue.sh build/racekit):" >&2
    printf '%s\n' "${problems[@]}" >&2
    exit 1
  fi
  echo "docs/catalogue.md lists all ${#have[@]} of its cases"
else
  mkdir -p "$(dirname "$doc")" && cp "$new" "$doc" && echo "wrote $doc"
fi
