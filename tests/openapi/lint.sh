#!/usr/bin/env bash
# Lints an OpenAPI document with Redocly CLI (npm, pinned by tests/openapi/package-lock.json)
# under tests/openapi/redocly.yaml. With --refuses-unnamed, checks the lint can fail: a copy of
# the document with one operationId removed must be refused.
# Usage: tests/openapi/lint.sh [--refuses-unnamed] DOCUMENT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
redocly=$here/node_modules/.bin/redocly
[ -x "$redocly" ] || { echo "run 'make test-tools' first (npm ci in tests/openapi)" >&2; exit 1; }
# Offline and quiet: no usage reports, no update checks.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
if [ "${1:-}" = "--refuses-unnamed" ]; then
  doc=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  node -e '
    const fs = require("fs");
    const d = JSON.parse(fs.readFileSync(process.argv[1]));
    delete d.paths["/healthz"].get.operationId;
    fs.writeFileSync(process.argv[2], JSON.stringify(d, null, 2));' "$doc" "$scratch/openapi.json"
  if "$redocly" lint "$scratch/openapi.json" --config "$here/redocly.yaml" > "$scratch/out" 2>&1; then
    echo "the lint accepted an operation without operationId" >&2
    exit 1
  fi
  grep -q "operation-operationId" "$scratch/out" || { cat "$scratch/out" >&2; exit 1; }
  echo "refused, as it should be"
  exit 0
fi
doc=$(realpath --relative-to="$here" "$1")
cd "$here" # the ignore file names the document relative to this folder
"$redocly" lint "$doc" --config redocly.yaml --format=stylish
