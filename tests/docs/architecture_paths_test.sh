#!/usr/bin/env bash
# docs/architecture.md must describe the tree as it is: every module in its table (src/<module>)
# and every path it names in backquotes (a file or folder under src/, or from the repository's
# root: tests/, scripts/, cmake/, docs/, web/) exists. URL paths (`/iiif/3/`) and placeholders
# (`dialects/<name>/`) are not files and are skipped.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
doc="$root/docs/architecture.md"
failures=0
checked=0

exists() { # a path as the page writes it: from the root, or below src/; a stem names .h or .cpp
  local p="${1%/}" base
  for base in "$root" "$root/src"; do
    [ -e "$base/$p" ] || [ -e "$base/$p.h" ] || [ -e "$base/$p.cpp" ] && return 0
  done
  return 1
}

# Modules: the first column of the module table ("| core | …", "| api/iiif | …").
while IFS= read -r module; do
  checked=$((checked + 1))
  case "$module" in
  "web/ (TypeScript)") [ -d "$root/web" ] || { echo "no web/ folder"; failures=$((failures + 1)); } ;;
  *) [ -d "$root/src/$module" ] || { echo "module '$module' is not a folder of src/"; failures=$((failures + 1)); } ;;
  esac
done < <(sed -n '/^| module | job |/,/^$/p' "$doc" | tail -n +3 | sed -n 's/^| \([^|]*[^ |]\) *|.*/\1/p' |
  tr ',' '\n' | sed 's/^ *//; s/ *$//')

# Paths in backquotes.
while IFS= read -r token; do
  [[ "$token" == */* || "$token" == *.h || "$token" == *.cpp || "$token" == *.sh ]] || continue
  [[ "$token" == /* || "$token" == *"<"* || "$token" == *" "* || "$token" == *"{"* ]] && continue
  [[ "$token" == *:* || "$token" == *"|"* ]] && continue # a plan string, a URL
  checked=$((checked + 1))
  exists "$token" || { echo "docs/architecture.md names '$token', which does not exist"; failures=$((failures + 1)); }
done < <(grep -o '`[^`]*`' "$doc" | tr -d '`' | sort -u)

# Links to the other pages.
while IFS= read -r page; do
  checked=$((checked + 1))
  [ -e "$root/docs/$page" ] || { echo "docs/architecture.md links to missing $page"; failures=$((failures + 1)); }
done < <(grep -o '](\([a-z_-]*\.md\)' "$doc" | sed 's/](//' | sort -u)

if [ "$failures" -gt 0 ]; then
  echo "architecture.md: $failures of $checked names do not exist"
  exit 1
fi
[ "$checked" -gt 40 ] || { echo "only $checked names checked: the page's form changed?"; exit 1; }
echo "architecture.md: all $checked module and path names exist"
