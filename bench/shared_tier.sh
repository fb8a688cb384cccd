#!/usr/bin/env bash
# Benchmark: what a shared-tier hit costs against a local hit and a render (docs/benchmarks.md,
# "Shared derivative tier"). s3rver (tests/s3, npm) on loopback holds the tier; node A renders
# N distinct sizes of the 24 MP sample photo and writes them there; node B then asks for each once (a
# shared-tier hit: one GET from the bucket, kept on B's disk), once more (a local hit), and
# node C, with no shared tier, renders each (a render).
# Usage: bench/shared_tier.sh [N]   (from the repository root; needs `make build test-tools`)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-60}
samples=$(realpath samples)
pictor=build/src/pictor
s3rver=tests/s3/node_modules/.bin/s3rver
work=$(mktemp -d)
mkdir -p bench/results
out=bench/results/shared_tier.md
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/s3"
node "$s3rver" -d "$work/s3" -a 127.0.0.1 -p 8199 --configure-bucket cache > "$work/s3.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q listening "$work/s3.log" && break; sleep 0.1; done

shared=(--set cache.shared=s3://cache/tier/ --set s3.endpoint=http://127.0.0.1:8199
        --set s3.path_style=true --set s3.access_key=S3RVER --set s3.secret_key=S3RVER)
start() { # port data-dir extra-settings...
  local port=$1 data=$2; shift 2
  "$pictor" serve --images "$samples" --port "$port" --data "$data" \
    --set log.access_log=false "$@" > "$data.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
}
start 8191 "$work/a" "${shared[@]}"
start 8192 "$work/b" "${shared[@]}"
start 8193 "$work/c"

urls=() # distinct thumbnails of the 6000 x 4000 JPEG: a render decodes it (shrink-on-load)
for i in $(seq 0 $((n - 1))); do
  urls+=("/iiif/3/photo.jpg/full/$((300 + 4 * i)),/0/default.jpg")
done
times() { # port -> one line per URL: seconds for the whole request
  for u in "${urls[@]}"; do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$1$u"; done
}
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", 1000 * v[int((NR + 1) / 2)] }'; }
times 8191 > /dev/null                       # node A renders and writes the tier
sleep 2                                      # its background writes finish
shared_hit=$(times 8192 | median)            # node B: from the bucket
local_hit=$(times 8192 | median)             # node B again: its own cache
render=$(times 8193 | median)                # node C: renders
writes=$(curl -s http://127.0.0.1:8191/metrics | awk '/^pictor_cache_shared_writes_total/ {print $2}')
hits=$(curl -s http://127.0.0.1:8192/metrics | awk '/^pictor_cache_shared_hits_total/ {print $2}')
renders_b=$(curl -s http://127.0.0.1:8192/metrics | awk '/^pictor_renders_total/ {print $2}')
{
  echo "| request (a 300-536 px JPEG of the 24 MP photo, $n distinct sizes, one at a time) | median ms |"
  echo "|---|---:|"
  echo "| local hit (node B's own cache) | $local_hit |"
  echo "| shared-tier hit (node B, from the bucket; kept locally) | $shared_hit |"
  echo "| render (node C, no shared tier) | $render |"
  echo
  echo "Node A wrote $writes entries; node B had $hits shared hits and $renders_b renders."
} > "$out"
cat "$out"
