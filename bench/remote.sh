#!/usr/bin/env bash
# Benchmark: remote sources against the local disk, in one run (docs/benchmarks.md, "Remote
# sources"). s3rver (tests/s3, `make test-tools`) serves the samples from a bucket on loopback;
# one pictor serves them from the local disk and from the bucket, with the derivative cache off
# so every request renders.
#   cold: the first thumbnail of an original (the fetch included), median of 5 originals;
#   warm: wrk on a thumbnail whose original is in the source cache, local vs S3.
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

{
  echo "| scenario | local disk | S3 (s3rver, loopback) | S3 / local |"
  echo "|---|---:|---:|---:|"
  echo "| cold first thumbnail (6000x4000 JPEG, !300,300), median of 5, s | $(median "${cold_local[@]}") | $(median "${cold[@]}") | |"
  echo "| warm source cache, thumbnail req/s (wrk ${conns} conns, ${duration} s, derivative cache off) | $local_rate | $s3_rate | $ratio |"
} > "$out"
cat "$out"
