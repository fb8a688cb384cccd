#!/usr/bin/env bash
# The module map of docs/architecture.md, checked on every #include under src/ (run by `make test` as the
# CTest test `layer_check`). Dependencies point down only:
#   app -> api/<area> -> http -> service -> {dialects, policy, cache -> sources, state, engine}
#       -> plan -> config -> core
# api/<area> (one per way in: iiif, display, files, imaging, converter, admin, ops, pages) never
# uses a sibling area, and only api/ops (readiness, source metrics) reaches the sources and caches;
# http is the transport and uses none of sources/, state/, cache/.
# dialects/<name> may use dialects/common but never a sibling dialect; libvips only in engine/,
# libwebp too; Beast/Asio only in http/, SQLite and libpq only in state/, libcurl only in sources/
# and app/ (the CLI's client).
# Usage: check-layers.sh [SRC_DIR]   (exit 1 and one line per wrong include)
set -euo pipefail
src="${1:-$(dirname "$0")/../src}"

below_service="dialects policy sources state cache engine plan config core"
declare -A allowed=(
  [core]="core"
  [config]="config core"
  [plan]="plan config core"
  [policy]="policy config core"
  [sources]="sources config core"
  [state]="state config core"
  [cache]="cache sources config core"
  [engine]="engine plan config core"
  [dialects/common]="dialects/common config core"
  [dialects/iiif]="dialects/iiif dialects/common plan config core"
  [dialects/display]="dialects/display dialects/common plan config core"
  [dialects/file]="dialects/file dialects/common plan config core"
  [dialects/converter]="dialects/converter dialects/common plan config core"
  [dialects/imaging]="dialects/imaging dialects/common plan config core"
  [service]="service $below_service"
  [http]="http service dialects policy engine plan config core"
  [api/iiif]="api/iiif http service dialects policy engine plan config core"
  [api/display]="api/display http service dialects policy engine plan config core"
  [api/files]="api/files http service dialects policy engine plan config core"
  [api/imaging]="api/imaging http service dialects policy engine plan config core"
  [api/converter]="api/converter http service dialects policy engine plan config core"
  [api/admin]="api/admin http service dialects policy engine plan config core"
  [api/ops]="api/ops http service sources cache dialects policy engine plan config core"
  [api/pages]="api/pages http service dialects policy engine plan config core"
  [app]="app api http service $below_service"
)
# System headers that belong to one module only: pattern -> module.
declare -A owned=(
  ["vips/"]="engine"
  ["webp/"]="engine"
  ["libyuv/"]="engine"
  ["turbojpeg.h"]="engine"
  ["jconfig.h"]="engine"
  ["prometheus/"]="http"
  ["systemd/"]="app"
  ["boost/beast"]="http"
  ["boost/asio"]="http"
  ["sqlite3.h"]="state"
  ["libpq-fe.h"]="state"
  ["curl/"]="sources app" # remote sources; the admin CLI's client
)

# Path relative to src -> module name, in $module. Plain parameter expansion, no subshell: the
# check runs once per include of the tree, and a fork per include made it take 20 s.
module_of() {
  local first="${1%%/*}" rest
  if [ "$first" = dialects ] || [ "$first" = api ]; then
    rest="${1#"$first"/}"
    module="$first/${rest%%/*}"
  else
    module="$first"
  fi
}

may_use() { # module, used module (dialects/x also matches a plain "dialects" entry)
  local m
  for m in ${allowed[$1]}; do
    [ "$m" = "$2" ] && return 0
    [ "$m" = dialects ] && [[ "$2" == dialects/* ]] && return 0
    [ "$m" = api ] && [[ "$2" == api/* ]] && return 0
  done
  return 1
}

failures=0
declare -A unmapped=()
while IFS= read -r file; do
  rel="${file#"$src"/}"
  module_of "$rel"
  if [ -z "${allowed[$module]+x}" ]; then
    echo "$rel: module '$module' is not in the layer map (scripts/check-layers.sh)"
    unmapped[$rel]=1
    failures=$((failures + 1))
  fi
done < <(find "$src" -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.in' \) | sort)

# One grep over the tree ("file:line:#include ..."), not one per file: forks made this slow.
while IFS=: read -r file line include; do
  rel="${file#"$src"/}"
  [ -n "${unmapped[$rel]+x}" ] && continue
  module_of "$rel"
  mod="$module"
  if [[ "$include" =~ ^\#include\ \"([^\"]+)\" ]]; then
    target="${BASH_REMATCH[1]}"
    [[ "$target" != */* ]] && continue # a generated file next to its source
    # A handler answers its own routes; what two share lives in a file that is not a handler.
    if [[ "$rel" == *_handler.* ]] && [[ "$target" == *_handler.h ]] &&
      [ "${rel%.*}" != "${target%.h}" ]; then
      echo "$rel:$line: a handler must not include another handler (\"$target\")"
      failures=$((failures + 1))
    fi
    module_of "$target"
    if ! may_use "$mod" "$module"; then
      echo "$rel:$line: $mod must not include \"$target\" ($module)"
      failures=$((failures + 1))
    fi
  elif [[ "$include" =~ ^\#include\ \<([^\>]+)\> ]]; then
    target="${BASH_REMATCH[1]}"
    for pattern in "${!owned[@]}"; do
      if [[ "$target" == "$pattern"* ]] && [[ " ${owned[$pattern]} " != *" $mod "* ]]; then
        echo "$rel:$line: <$target> belongs to ${owned[$pattern]}/ only"
        failures=$((failures + 1))
      fi
    done
  fi
done < <(grep -rn --include='*.cpp' --include='*.h' --include='*.in' '^#include' "$src" | sort)

if [ "$failures" -gt 0 ]; then
  echo "layer check: $failures wrong include(s)"
  exit 1
fi
echo "layer check: clean"
