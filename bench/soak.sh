#!/usr/bin/env bash
# Soak: a bounded mix of good and bad requests against one pictor on loopback, reporting RSS,
# open file descriptors and threads before, at the peak and after 3 s idle (issue 13: memory is
# given back, nothing leaks). Bounded in count (ROUNDS x 24 requests, 12 at a time) and time
# (every request has a 60 s cap). Loopback only.
# Usage: bench/soak.sh [ROUNDS]   (from the repository root, after make build)
# Results: bench/results/soak.md (copy into docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
pictor=build/src/pictor
work=$(mktemp -d)
mkdir -p bench/results
out=bench/results/soak.md
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT

mkdir -p "$work/images"
cp samples/photo.jpg samples/portrait.jpg samples/alpha.png "$work/images/"
head -c 200000 samples/photo.jpg > "$work/images/truncated.jpg"
"$pictor" serve --images "$work/images" --data "$work/data" --port 8096 \
  --set cache.enabled=false --set log.access_log=false > "$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf -o /dev/null http://127.0.0.1:8096/healthz && break; sleep 0.1; done
base=http://127.0.0.1:8096

sample() { # RSS kB, fds, threads
  echo "$(awk '/VmRSS/ {print $2}' /proc/$pid/status) $(ls /proc/$pid/fd | wc -l) \
$(awk '/Threads/ {print $2}' /proc/$pid/status)"
}
read -r rss0 fd0 th0 < <(sample)
codes="$work/codes"
for round in $(seq "$rounds"); do
  pids=""
  for i in $(seq 12); do # 24 MP decodes at distinct sizes (no cache), and the dialects
    w=$((900 + i * 41 + round * 7))
    for url in "/iiif/3/photo.jpg/full/$w,/0/default.jpg" \
               "/api/display/portrait.jpg?hsize=$((w / 3))&format=webp"; do
      curl -s -m 60 -o /dev/null -w '%{http_code}\n' "$base$url" >> "$codes" &
      pids="$pids $!"
    done
  done
  wait $pids
  # Bad requests: malformed, unknown, damaged source, traversal, bad framing.
  for url in "/iiif/3/photo.jpg/full/0,/0/default.jpg" "/iiif/3/nothing.jpg/info.json" \
             "/iiif/3/truncated.jpg/full/max/0/default.jpg" "/iiif/3/..%2Fx/info.json" \
             "/api/display/photo.jpg?size=101" "/v1/file/photo.jpg/thumbnails"; do
    curl -s -m 60 -o /dev/null -w '%{http_code}\n' "$base$url" >> "$codes"
  done
  printf 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n' |
    timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/8096; cat >&3; cat <&3 >/dev/null" || true
done
peak=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
sleep 3
read -r rss1 fd1 th1 < <(sample)
summary=$(sort "$codes" | uniq -c | awk '{printf "%s×%s ", $1, $2}')
{
  echo "| rounds | requests (status × count) | RSS before | peak | after 3 s idle | fds before/after | threads before/after |"
  echo "| --- | --- | ---: | ---: | ---: | --- | --- |"
  echo "| $rounds | $summary | $((rss0 / 1024)) MiB | $((peak / 1024)) MiB | $((rss1 / 1024)) MiB | $fd0 / $fd1 | $th0 / $th1 |"
} | tee "$out"
