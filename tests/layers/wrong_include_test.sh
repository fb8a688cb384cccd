#!/usr/bin/env bash
# The layer check must fail on a wrong include: each case copies src/ to a scratch folder, adds
# one include that breaks the module map, and expects check-layers.sh to refuse it by name.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

bash "$root/scripts/check-layers.sh" "$root/src" > /dev/null || {
  echo "FAIL: the real tree does not pass the layer check"
  exit 1
}

expect_refused() { # file to edit, include line, what the message must name
  rm -rf "$scratch/src"
  cp -r "$root/src" "$scratch/src"
  printf '%s\n' "$2" >> "$scratch/src/$1"
  if out="$(bash "$root/scripts/check-layers.sh" "$scratch/src")"; then
    echo "FAIL: '$2' in $1 passed the layer check"
    exit 1
  fi
  grep -qF "$3" <<< "$out" || {
    echo "FAIL: '$2' in $1 refused without naming $3: $out"
    exit 1
  }
  echo "ok: $1 may not $2"
}

expect_refused plan/plan.cpp '#include "service/image_pipeline.h"' 'service/image_pipeline.h'
expect_refused dialects/iiif/iiif_parser.cpp '#include "dialects/imaging/values.h"' 'dialects/imaging'
expect_refused engine/engine.cpp '#include "state/catalog.h"' 'state/catalog.h'
expect_refused sources/source_store.cpp '#include "cache/derivative_cache.h"' 'cache/derivative_cache.h'
expect_refused cache/derivative_cache.cpp '#include "state/catalog.h"' 'state/catalog.h'
expect_refused service/image_pipeline.cpp '#include "http/types.h"' 'http/types.h'
expect_refused service/iiif_service.cpp '#include <sqlite3.h>' 'belongs to state/'
expect_refused dialects/display/display_request.cpp '#include <vips/vips8>' 'belongs to engine/'
expect_refused http/session.cpp '#include "cache/derivative_cache.h"' 'cache/derivative_cache.h'
expect_refused http/router.cpp '#include "api/ops/ops_handler.h"' 'api/ops/ops_handler.h'
expect_refused api/admin/console_handler.cpp '#include "api/iiif/iiif_answers.h"' 'api/iiif'
expect_refused api/iiif/dlcs_handler.cpp '#include "api/iiif/iiif_handler.h"' 'another handler'
expect_refused api/pages/ui_handler.cpp '#include "sources/source_store.h"' 'sources/source_store.h'
expect_refused policy/network.cpp '#include <boost/beast/http.hpp>' 'belongs to http/'
echo "layer check refuses every wrong include"
