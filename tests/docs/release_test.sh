#!/usr/bin/env bash
# One version and one licence everywhere a user reads them (issue 33, item 1): CMake's project
# version is the newest release in CHANGELOG.md (Keep a Changelog form, an [Unreleased] section
# above it), `pictor --version`, the OpenAPI document's info.version; LICENSE is Apache-2.0, as
# --version and the OpenAPI document say.
# Usage: release_test.sh PICTOR_BINARY REPO_DIR
set -euo pipefail
pictor=$1
repo=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

version=$(sed -n 's/^project(pictor VERSION \([0-9.]*\) .*/\1/p' "$repo/CMakeLists.txt")
[ -n "$version" ] || fail "no project version in CMakeLists.txt"
license=$(sed -n 's/^set(PICTOR_LICENSE "\(.*\)")/\1/p' "$repo/CMakeLists.txt")
[ "$license" = Apache-2.0 ] || fail "PICTOR_LICENSE is '$license'"

changelog="$repo/CHANGELOG.md"
grep -q "^## \[Unreleased\]$" "$changelog" || fail "CHANGELOG.md has no [Unreleased] section"
newest=$(grep -m1 -E '^## \[[0-9]+\.[0-9]+\.[0-9]+\] - [0-9]{4}-[0-9]{2}-[0-9]{2}$' "$changelog" |
  sed 's/^## \[\([^]]*\)\].*/\1/')
[ "$newest" = "$version" ] || fail "CHANGELOG.md's newest release is '$newest', CMake says $version"
# Only Keep a Changelog's kinds of change.
if grep "^### " "$changelog" | grep -vqE "^### (Added|Changed|Deprecated|Removed|Fixed|Security)$"; then
  fail "CHANGELOG.md has a section Keep a Changelog does not: $(grep '^### ' "$changelog" | sort -u)"
fi

first=$("$pictor" --version | head -1)
[[ "$first" == "pictor $version "* ]] || fail "--version says '$first'"
"$pictor" --version | grep -qx "License: $license (SPDX)" || fail "--version names no licence"

grep -q "Version 2.0, January 2004" "$repo/LICENSE" || fail "LICENSE is not the Apache License 2.0"
/usr/bin/python3 - "$repo/docs/openapi.json" "$version" "$license" <<'PY' || fail "docs/openapi.json"
import json, sys
info = json.load(open(sys.argv[1]))["info"]
assert info["version"] == sys.argv[2], info
assert info["license"]["name"] == sys.argv[3], info
PY
echo "release OK: pictor $version, $license"
