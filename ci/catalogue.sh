#!/bin/bash
# ci/catalogue.sh <racekit> [--check] - the table of every case (topic,
# title, expected outcome, the primitive that fixes it) from the cases' front
# matter. Without --check it rewrites docs/catalogue.md; with --check it
# fails, naming each difference, when docs/catalogue.md is out of date (a
# case missing from it, or a row naming a case that does not exist).
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
  echo "\`ci/catalogue.sh build/racekit\`; the test \`corpus/catalogue\` fails when"
  echo "this table and the cases disagree."
  echo
  table || exit 1
} > "$new" || exit 1

if [ "${2:-}" = --check ]; then
  if ! diff -u "$doc" "$new" > "$new.diff" 2>&1; then
    echo "docs/catalogue.md is out of date (run ci/catalogue.sh build/racekit):" >&2
    grep -E '^[-+]\| ' "$new.diff" | sed 's/^-/  row for a case that is gone or changed: /; s/^+/  row missing or changed: /' >&2
    rm -f "$new.diff"
    exit 1
  fi
  rm -f "$new.diff"
  echo "docs/catalogue.md lists all $(grep -c '^| \[' "$doc") cases"
else
  mkdir -p "$(dirname "$doc")" && cp "$new" "$doc" && echo "wrote $doc"
fi
