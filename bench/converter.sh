#!/usr/bin/env bash
# Benchmark of the preview cache (/imageconverter/, issue 5):
#   - upload and render: a 12 MP JPEG uploaded with cacheImage under N keys, C at a time, with
#     the default five-format target set; timed until every set is rendered (queue empty);
#   - getImage from the store: wrk on one stored rendition.
# Usage: bench/converter.sh [UPLOADS] [CONCURRENCY]   (from the repository root, after make build)
# Results: bench/results/preview.md (copy into docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
uploads=${1:-24}
parallel=${2:-4}
pictor=build/src/pictor
work=$(mktemp -d)
mkdir -p bench/results
out=bench/results/preview.md
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }

# A 12 MP JPEG (4243x2828) from the 24 MP sample.
vips resize samples/photo.jpg "$work/12mp.jpg[Q=90]" 0.7072
mkdir -p "$work/images"
"$pictor" serve --images "$work/images" --data "$work/data" --port 8095 \
  --set log.access_log=false --set "converter.anonymous=read write" > "$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf -o /dev/null http://127.0.0.1:8095/healthz && break; sleep 0.1; done
base=http://127.0.0.1:8095/imageconverter
queue_empty() {
  curl -s "$base/status?metrics=yes" |
    awk -F'</?td>' '/pictor_converter_queue_length/ { s += $4 } END { exit !(s == 0) }'
}

start=$(date +%s.%N)
seq "$uploads" | xargs -P "$parallel" -I{} \
  curl -sf -o /dev/null -w '%{time_total}\n' -F "sourceImage=@$work/12mp.jpg" \
  "$base/cacheImage/bench-{}" > "$work/upload-times"
answered=$(date +%s.%N)
until queue_empty; do sleep 0.05; done
# The last background job may still be running when the queue is empty: wait for every set.
for i in $(seq "$uploads"); do
  until curl -s -o /dev/null -D - "$base/getImage/bench-$i/auto:1920x1080~cover" |
    grep -qi 'x-pictor-rendition: auto:1920x1080~cover'; do sleep 0.05; done
done
done_at=$(date +%s.%N)
median_upload=$(sort -n "$work/upload-times" | awk '{ a[NR] = $1 } END { printf "%.0f", a[int((NR + 1) / 2)] * 1000 }')
wall=$(awk -v a="$start" -v b="$done_at" 'BEGIN { printf "%.2f", b - a }')
first=$(awk -v a="$start" -v b="$answered" 'BEGIN { printf "%.2f", b - a }')
rate=$(awk -v n="$uploads" -v w="$wall" 'BEGIN { printf "%.2f", n / w }')

get_url="$base/getImage/bench-1/auto:800x800"
wrk -t2 -c32 -d3s "$get_url" > /dev/null 2>&1
res=$(wrk -t2 -c32 -d10s --latency "$get_url")
get_rps=$(echo "$res" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
get_p99=$(echo "$res" | awk '$1 == "99%" { print $2 }')
bytes=$(curl -s -o /dev/null -w '%{size_download}' "$get_url")

{
  echo "Run: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; $uploads uploads of a 12 MP JPEG ($(stat -c %s "$work/12mp.jpg") bytes), $parallel at a time, default five-format set."
  echo
  echo "| measure | value |"
  echo "| --- | ---: |"
  echo "| uploads answered (first rendition stored) | ${first} s |"
  echo "| every set complete (5 renditions each) | ${wall} s |"
  echo "| upload-and-render throughput | ${rate} keys/s ($(awk -v r="$rate" 'BEGIN { printf "%.1f", r * 5 }') renditions/s) |"
  echo "| median cacheImage response | ${median_upload} ms |"
  echo "| getImage from the store (auto:800x800, ${bytes} bytes), wrk -c32 | ${get_rps} req/s, p99 ${get_p99} |"
} > "$out"
cat "$out"
