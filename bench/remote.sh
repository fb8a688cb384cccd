#!/usr/bin/env bash
# Benchmark: remote sources against the local disk, in one run (docs/benchmarks.md, "Remote
# sources"). s3rver (tests/s3, `make test-tools`) serves the samples from a bucket on loopback;
# one pictor serves them from the local disk and from the bucket, with the derivative cache off
# so every request renders.
#   cold: the first thumbnail of an original (the fetch included), median of 5 originals;
#   warm: wrk on a thumbnail whose original is in the source cache, local vs S3;
#   large pyramid: the first tile and the first thumbnail of a large pyramidal TIFF in the
#   bucket, read by ranges (default) and downloaded whole (remote.ranged_min_bytes=0): latency,
#   origin requests and bytes (pictor's /metrics).
# Usage: bench/remote.sh [DURATION_S] [CONNECTIONS]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
conns=${2:-8}
samples=$(realpath samples)
pictor=build/src/pictor
s3rver=tests/s3/node_modules/.bin/s3rver
work=$(mktemp -d)
mkdir -p bench/results
out=bench/results/remote.md
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk >/dev/null || apt-get install -y -qq --no-install-recommends wrk
[ -x "$s3rver" ] || npm ci --prefix tests/s3 --no-audit --no-fund --loglevel=error

node "$s3rver" -d "$work/s3" -a 127.0.0.1 -p 0 --silent --configure-bucket bench \
  > "$work/s3.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "listening on" "$work/s3.log" && break; sleep 0.1; done
s3port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/s3.log" | cut -d: -f2)
sign=(--aws-sigv4 "aws:amz:us-east-1:s3" -u S3RVER:S3RVER -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")
for i in 1 2 3 4 5; do
  curl -sf -X PUT -T "$samples/photo.jpg" "${sign[@]}" \
    "http://127.0.0.1:$s3port/bench/cold$i.jpg" > /dev/null
done
curl -sf -X PUT -T "$samples/photo.jpg" "${sign[@]}" "http://127.0.0.1:$s3port/bench/photo.jpg" >/dev/null

# A large pyramid: the sample photo upscaled 4x (24000x16000), tiled JPEG pyramid.
vips resize "$samples/photo.jpg" "$work/big.v" 4
vips tiffsave "$work/big.v" "$work/big.tif" --tile --pyramid --tile-width 256 --tile-height 256 \
  --compression jpeg --Q 85
rm -f "$work/big.v"
curl -sf -X PUT -T "$work/big.tif" "${sign[@]}" "http://127.0.0.1:$s3port/bench/big.tif" >/dev/null
big_mb=$(du -m "$work/big.tif" | cut -f1)

"$pictor" serve --images "$samples" --port 8095 --data "$work/data" \
  --set log.access_log=false --set cache.enabled=false --set cache.coalesce=false \
  --set "remote.sources=s3/=s3://bench/" --set "s3.endpoint=http://127.0.0.1:$s3port" \
  --set s3.path_style=true --set s3.access_key=S3RVER --set s3.secret_key=S3RVER \
  --set remote.allowed_networks=127.0.0.1/32 > "$work/pictor.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf http://127.0.0.1:8095/healthz >/dev/null && break; sleep 0.1; done

thumb=full/!300,300/0/default.jpg
cold=()
for i in 1 2 3 4 5; do
  cold+=("$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:8095/iiif/3/s3%2Fcold$i.jpg/$thumb")")
done
cold_local=()
for i in 1 2 3 4 5; do
  cold_local+=("$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:8095/iiif/3/photo.jpg/$thumb")")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }

rate() { # req/s of wrk on a URL
  wrk -t2 -c"$conns" -d"${duration}s" "$1" | awk '/Requests\/sec/ {print $2}'
}
curl -s -o /dev/null "http://127.0.0.1:8095/iiif/3/s3%2Fphoto.jpg/$thumb" # warm the source cache
local_rate=$(rate "http://127.0.0.1:8095/iiif/3/photo.jpg/$thumb")
s3_rate=$(rate "http://127.0.0.1:8095/iiif/3/s3%2Fphoto.jpg/$thumb")
ratio=$(awk -v a="$s3_rate" -v b="$local_rate" 'BEGIN { printf "%.2f", a / b }')

# The large pyramid, read by ranges (the pictor above) and downloaded whole (a second one).
"$pictor" serve --images "$samples" --port 8096 --data "$work/data-whole" \
  --set log.access_log=false --set cache.enabled=false --set cache.coalesce=false \
  --set "remote.sources=s3/=s3://bench/" --set "s3.endpoint=http://127.0.0.1:$s3port" \
  --set s3.path_style=true --set s3.access_key=S3RVER --set s3.secret_key=S3RVER \
  --set remote.allowed_networks=127.0.0.1/32 --set remote.ranged_min_bytes=0 \
  > "$work/pictor-whole.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf http://127.0.0.1:8096/healthz >/dev/null && break; sleep 0.1; done
source_metric() { # port name -> the s3/ source's value
  curl -s "http://127.0.0.1:$1/metrics" | awk -v n="$2{source=\"s3/\"}" '$1 == n {print $2}'
}
first_tile() { # port -> "seconds requests bytes" of the first tile, then of the thumbnail
  local r0 b0 t1 r1 b1 t2 r2 b2
  r0=$(source_metric "$1" pictor_source_requests_total); b0=$(source_metric "$1" pictor_source_bytes_total)
  t1=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$1/iiif/3/s3%2Fbig.tif/8192,8192,1024,1024/512,/0/default.jpg")
  r1=$(source_metric "$1" pictor_source_requests_total); b1=$(source_metric "$1" pictor_source_bytes_total)
  t2=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$1/iiif/3/s3%2Fbig.tif/$thumb")
  r2=$(source_metric "$1" pictor_source_requests_total); b2=$(source_metric "$1" pictor_source_bytes_total)
  echo "$t1 $((r1 - ${r0:-0})) $(( (b1 - ${b0:-0}) / 1024 )) $t2 $((r2 - r1)) $(( (b2 - b1) / 1024 ))"
}
read -r rt rr rb rth rthr rthb <<< "$(first_tile 8095)"
read -r wt wr wb wth wthr wthb <<< "$(first_tile 8096)"

{
  echo "| scenario | local disk | S3 (s3rver, loopback) | S3 / local |"
  echo "|---|---:|---:|---:|"
  echo "| cold first thumbnail (6000x4000 JPEG, !300,300), median of 5, s | $(median "${cold_local[@]}") | $(median "${cold[@]}") | |"
  echo "| warm source cache, thumbnail req/s (wrk ${conns} conns, ${duration} s, derivative cache off) | $local_rate | $s3_rate | $ratio |"
  echo
  echo "Large pyramid in the bucket: ${big_mb} MB, 24000x16000, 256 px JPEG tiles."
  echo
  echo "| first request of the pyramid | read by ranges | downloaded whole |"
  echo "|---|---:|---:|"
  echo "| first tile (8192,8192,1024,1024/512,): s | $rt | $wt |"
  echo "| … origin requests / KiB fetched | $rr / $rb | $wr / $wb |"
  echo "| then the thumbnail (!300,300): s | $rth | $wth |"
  echo "| … origin requests / KiB fetched | $rthr / $rthb | $wthr / $wthb |"
} > "$out"
cat "$out"
