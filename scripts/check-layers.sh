#!/usr/bin/env bash
# The module map of STYLE.md, checked on every #include under src/ (run by `make test` as the
# CTest test `layer_check`). Dependencies point down only:
#   app -> http -> service -> {dialects, policy, store, engine} -> plan -> config -> core
# dialects/<name> may use dialects/common but never a sibling dialect; libvips only in engine/,
# libwebp too; Beast/Asio only in http/, SQLite only in store/, libcurl only in app/ (the CLI's client).
# Usage: check-layers.sh [SRC_DIR]   (exit 1 and one line per wrong include)
set -euo pipefail
src="${1:-$(dirname "$0")/../src}"

below_service="dialects policy store engine plan config core"
declare -A allowed=(
  [core]="core"
  [config]="config core"
  [plan]="plan config core"
  [policy]="policy config core"
  [store]="store config core"
  [engine]="engine plan config core"
  [dialects/common]="dialects/common config core"
  [dialects/iiif]="dialects/iiif dialects/common plan config core"
  [dialects/display]="dialects/display dialects/common plan config core"
  [dialects/file]="dialects/file dialects/common plan config core"
  [dialects/converter]="dialects/converter dialects/common plan config core"
  [dialects/imaging]="dialects/imaging dialects/common plan config core"
  [service]="service $below_service"
  [http]="http service $below_service"
  [app]="app http service $below_service"
)
# System headers that belong to one module only: pattern -> module.
declare -A owned=(
  ["vips/"]="engine"
  ["webp/"]="engine"
  ["boost/beast"]="http"
  ["boost/asio"]="http"
  ["sqlite3.h"]="store"
  ["libpq-fe.h"]="store"
  ["curl/"]="store app" # remote sources; the admin CLI's client
)

module_of() { # path relative to src -> module name
  case "$1" in
    dialects/*) echo "$1" | cut -d/ -f1-2 ;;
    *) echo "$1" | cut -d/ -f1 ;;
  esac
}

may_use() { # module, used module (dialects/x also matches a plain "dialects" entry)
  local m
  for m in ${allowed[$1]}; do
    [ "$m" = "$2" ] && return 0
    [ "$m" = dialects ] && [[ "$2" == dialects/* ]] && return 0
  done
  return 1
}

failures=0
while IFS= read -r file; do
  rel="${file#"$src"/}"
  mod="$(module_of "$rel")"
  if [ -z "${allowed[$mod]+x}" ]; then
    echo "$rel: module '$mod' is not in the layer map (scripts/check-layers.sh)"
    failures=$((failures + 1))
    continue
  fi
  while IFS=: read -r line include; do
    if [[ "$include" =~ ^\#include\ \"([^\"]+)\" ]]; then
      target="${BASH_REMATCH[1]}"
      [[ "$target" != */* ]] && continue # a generated file next to its source
      used="$(module_of "$target")"
      if ! may_use "$mod" "$used"; then
        echo "$rel:$line: $mod must not include \"$target\" ($used)"
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
  done < <(grep -n '^#include' "$file" | sed 's/^\([0-9]*\):/\1:/')
done < <(find "$src" -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.in' \) | sort)

if [ "$failures" -gt 0 ]; then
  echo "layer check: $failures wrong include(s)"
  exit 1
fi
echo "layer check: clean"
