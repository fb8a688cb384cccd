#!/usr/bin/env bash
# Renders the example images of docs/imaging.md with the real server: every line of
# docs/imaging/examples.txt run on tests/golden/imaging/scene.png through a "raw" action, and
# the 54 fill patterns on white tiles, joined into patterns.png.
# Usage (after `make build`): bash docs/imaging/make-examples.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
pictor="$build/src/pictor"
[ -x "$pictor" ] || { echo "build pictor first (make build)" >&2; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/images"
cp "$root/tests/golden/imaging/scene.png" "$root/tests/golden/imaging/logo.png" "$work/images/"
vips black "$work/black.v" 72 48 --bands 3
vips linear "$work/black.v" "$work/images/white.png" 1 255 --uchar
cat > "$work/actions.json" <<'JSON'
{"presets": {"small": "w_100,c_resize"}, "actions": {"raw": {"commands": "c_strip"}}}
JSON

"$pictor" serve --images "$work/images" --data "$work/data" --port 0 \
  --ready-file "$work/port" --set imaging.actions="$work/actions.json" \
  --set log.access_log=false > "$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
base="http://127.0.0.1:$(cat "$work/port")/app/api/json/imaging/raw"

encode() { # percent-encodes a transform for a path segment
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9._~,+\|\$!*\'\(\)=:@-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

fetch() { # image transform output
  curl -sf -o "$3" "$base/$1/$(encode "$2")" || { echo "failed: $2" >&2; cat "$work/log" >&2; exit 1; }
}

grep -v '^#' "$here/examples.txt" | while read -r name transform; do
  [ -n "$name" ] || continue
  fetch scene.png "$transform" "$work/$name.out"
  loader=$(vipsheader -f vips-loader "$work/$name.out")
  # Pages stay small: JPEG for the photographs, the answer as it is for other formats.
  case $loader in
    pngload*|jpegload*) vips copy "$work/$name.out" "$here/$name.jpg[Q=82,strip]" ;;
    webpload*) cp "$work/$name.out" "$here/$name.webp" ;;
    *) cp "$work/$name.out" "$here/$name.${loader%%load*}" ;;
  esac
  echo "docs/imaging/$name: $transform"
done

# The 54 patterns in Wedia's order, as the generated table lists them (scripts/make-fill-patterns.sh).
patterns=$(sed -n 's/^ *{"\([A-Z0-9_]*\)", [0-9]*, [0-9]*, {$/\1/p' "$root/src/plan/fill_pattern_bitmaps.cpp")
[ "$(wc -w <<< "$patterns")" = 54 ] || { echo "expected 54 patterns in fill_pattern_bitmaps.cpp" >&2; exit 1; }
tiles=()
for p in $patterns; do
  fetch white.png "pt_$p,c_fill" "$work/p_$p.png"
  tiles+=("$work/p_$p.png")
done
vips arrayjoin "${tiles[*]}" "$here/patterns.png" --across 9 --shim 6 --background 255
echo "docs/imaging/patterns.png: ${#tiles[@]} patterns"
