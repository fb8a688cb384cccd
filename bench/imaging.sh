#!/usr/bin/env bash
# Benchmark of the imaging actions: each sample action of config/imaging-actions.json on the
# 6000x4000 JPEG sample, every request rendered (derivative cache and coalescing off), then one
# action warm (cache on, primed). Measured with wrk: req/s and p99 latency.
# Usage: bench/imaging.sh [DURATION_S] [CONNECTIONS]   (from the repository root, after make build)
# Results: bench/results/imaging.md (copied into docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
conns=${2:-8}
samples=$(realpath samples)
pictor=build/src/pictor
work=$(mktemp -d)
mkdir -p bench/results
out=bench/results/imaging.md
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk >/dev/null || apt-get install -y -qq --no-install-recommends wrk

"$pictor" serve --images "$samples" --port 8096 --data "$work/cold" \
  --set imaging.actions=config/imaging-actions.json --set log.access_log=false \
  --set cache.enabled=false --set cache.coalesce=false > "$work/cold.log" 2>&1 &
pids+=($!)
"$pictor" serve --images "$samples" --port 8097 --data "$work/warm" \
  --set imaging.actions=config/imaging-actions.json --set log.access_log=false \
  > "$work/warm.log" 2>&1 &
pids+=($!)
for port in 8096 8097; do
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
done

measure() { # url -> "req/s | p99"
  wrk -t2 -c"$conns" -d"${duration}s" --latency "$1" |
    awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} END {printf "%.1f | %s", rps, p99}'
}

{
  echo "Run: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -c$conns -d${duration}s, source photo.jpg (6000×4000 JPEG)"
  echo
  echo "| action (commands) | output | req/s | p99 |"
  echo "| --- | --- | ---: | ---: |"
  for action in thumbnail web watermarked captioned sepia relief hatched; do
    url="http://127.0.0.1:8096/app/api/json/imaging/$action/photo.jpg"
    commands=$(curl -s -D - -o "$work/$action.out" "$url" | tr -d '\r' | sed -n 's/^X-Imaging-Commands: //p')
    size=$(vipsheader "$work/$action.out" | sed 's/.*: \([0-9]*x[0-9]*\).*/\1/')
    echo "| $action (\`$commands\`) | $size | $(measure "$url") |"
  done
  warm="http://127.0.0.1:8097/app/api/json/imaging/watermarked/photo.jpg"
  curl -sf -o /dev/null "$warm"
  echo "| watermarked, warm cache | | $(measure "$warm") |"
} | tee "$out"
