#!/usr/bin/env bash
# Benchmark: pictor against peers on this machine, in one run.
#   - sharp (npm) in a minimal node server,
#   - Debian's iipimage-server (iipsrv) behind lighttpd (FastCGI),
#   - Debian's nginx serving the thumbnail's bytes as a static file (the warm-cache yardstick),
# measured with wrk: req/s, p99 latency, and peak RSS of each server process tree.
# Cold scenarios run pictor with the derivative cache and request coalescing off (every request
# renders, as it does for the peers); the warm scenario uses a second pictor with the cache on,
# primed with one request.
# Usage: bench/run.sh [DURATION_S] [CONNECTIONS]     (from the repository root; `make bench`)
#        SCENARIOS=warm bench/run.sh                 (only the warm-cache comparison)
# Results: bench/results/latest.md (copy the table into docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
conns=${2:-32}
samples=$(realpath samples)
pictor=build/src/pictor
work=$(mktemp -d)
mkdir -p bench/results
out=bench/results/latest.md
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v lighttpd >/dev/null || need+=(lighttpd)
[ -x /usr/lib/iipimage-server/iipsrv.fcgi ] || need+=(iipimage-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then apt-get install -y -qq --no-install-recommends "${need[@]}"; fi
[ -d bench/node_modules/sharp ] || (cd bench && npm install --no-audit --no-fund >/dev/null)

# --- servers -------------------------------------------------------------------------------
"$pictor" serve --images "$samples" --port 8090 --data "$work/data" \
  --set log.access_log=false --set cache.enabled=false --set cache.coalesce=false \
  > "$work/pictor.log" 2>&1 &
pids+=($!); pictor_pid=$!

"$pictor" serve --images "$samples" --port 8094 --data "$work/data-warm" \
  --set log.access_log=false > "$work/pictor-warm.log" 2>&1 &
pids+=($!); warm_pid=$!

node bench/sharp-server.js "$samples" 8091 > "$work/sharp.log" 2>&1 &
pids+=($!); sharp_pid=$!

cat > "$work/lighttpd.conf" <<CONF
server.modules = ("mod_fastcgi")
server.document-root = "$work"
server.bind = "127.0.0.1"
server.port = 8092
server.pid-file = "$work/lighttpd.pid"
server.errorlog = "$work/lighttpd.err"
fastcgi.server = ( "/fcgi-bin/iipsrv.fcgi" => ((
  "socket" => "$work/iipsrv.sock",
  "bin-path" => "/usr/lib/iipimage-server/iipsrv.fcgi",
  "min-procs" => $(nproc), "max-procs" => $(nproc),
  "check-local" => "disable",
  "bin-environment" => (
    "FILESYSTEM_PREFIX" => "$samples/", "JPEG_QUALITY" => "80", "MAX_CVT" => "10000",
    "VERBOSITY" => "0", "MAX_IMAGE_CACHE_SIZE" => "0", "CORS" => "*"
  )
)))
CONF
lighttpd -D -f "$work/lighttpd.conf" &
pids+=($!); lighttpd_pid=$!

wait_for() { for _ in $(seq 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "not up: $1"; exit 1; }
wait_for "http://127.0.0.1:8090/healthz"
wait_for "http://127.0.0.1:8091/thumb"
wait_for "http://127.0.0.1:8092/fcgi-bin/iipsrv.fcgi?IIIF=pyramid.tif/info.json"
wait_for "http://127.0.0.1:8094/healthz"

# nginx serves exactly the bytes the warm pictor answers, as a static file.
warm_path="/iiif/3/photo.jpg/full/!300,300/0/default.jpg"
mkdir -p "$work/www"
chmod 755 "$work" "$work/www" # nginx's workers run as www-data
curl -sf -o "$work/www/thumb.jpg" "http://127.0.0.1:8094$warm_path"
chmod 644 "$work/www/thumb.jpg"
cat > "$work/nginx.conf" <<CONF
worker_processes $(nproc);
daemon off;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { image/jpeg jpg; }
  server { listen 127.0.0.1:8093; root $work/www;
           location / { add_header Cache-Control "public, max-age=3600"; } }
}
CONF
nginx -c "$work/nginx.conf" &
pids+=($!); nginx_pid=$!
wait_for "http://127.0.0.1:8093/thumb.jpg"

# Peak RSS (kB) of a process and all its descendants, summed.
tree_pids() { echo "$1"; for c in $(pgrep -P "$1" || true); do tree_pids "$c"; done; }
peak_rss() { local s=0; for p in $(tree_pids "$1"); do
  v=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); s=$((s + ${v:-0})); done; echo $s; }

# Waits until the machine is idle again (at most 60 s): a server still working off requests
# that wrk gave up on (a timed-out backlog) would steal CPU from the next measurement.
settle() {
  for _ in $(seq 60); do
    read -r _ u1 n1 s1 i1 _ < /proc/stat; sleep 1; read -r _ u2 n2 s2 i2 _ < /proc/stat
    local busy=$(( (u2 + n2 + s2) - (u1 + n1 + s1) )) idle=$(( i2 - i1 ))
    [ $(( busy * 10 )) -lt $(( busy + idle )) ] && return 0
  done
}

# wrk -> "req/s p99_ms"
measure() {
  local url=$1
  settle
  curl -sf -o /dev/null "$url" || { echo "- -"; return; }
  wrk -t2 -c"$conns" -d3s --timeout 10s "$url" > /dev/null 2>&1 # warm-up
  local res; res=$(wrk -t2 -c"$conns" -d"${duration}s" --timeout 10s --latency "$url" 2>&1)
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$res")
  local p99; p99=$(awk '$1=="99%" {print $2}' <<<"$res")
  local non2xx; non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$res")
  [ -n "$non2xx" ] && echo "warning: $non2xx non-2xx answers from $url" >&2
  # p99 to milliseconds
  local ms; ms=$(awk -v v="$p99" 'BEGIN { if (v ~ /ms$/) { sub(/ms/,"",v); print v }
    else if (v ~ /us$/) { sub(/us/,"",v); print v/1000 } else { sub(/s/,"",v); print v*1000 } }')
  echo "$rps $ms"
}

# Median over 3 alternating rounds of two URLs -> "rps_a p99_a rps_b p99_b": the warm-cache
# comparison is of two fast servers, where one 15 s run is too noisy to decide a ratio.
median_pair() {
  local a=() b=()
  for _ in 1 2 3; do a+=("$(measure "$1")"); b+=("$(measure "$2")"); done
  local ma mb
  ma=$(printf '%s\n' "${a[@]}" | sort -n | sed -n 2p)
  mb=$(printf '%s\n' "${b[@]}" | sort -n | sed -n 2p)
  echo "$ma $mb"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b+0 == 0 || a == "-" || b == "-") print "-"; else printf "%.2f", a / b }'; }

iip="http://127.0.0.1:8092/fcgi-bin/iipsrv.fcgi?IIIF="
declare -A url
url[pictor,thumb]="http://127.0.0.1:8090/iiif/3/photo.jpg/full/!300,300/0/default.jpg"
url[sharp,thumb]="http://127.0.0.1:8091/thumb"
url[pictor,tile]="http://127.0.0.1:8090/iiif/3/pyramid.tif/2048,1024,1024,1024/512,/0/default.jpg"
url[iipsrv,tile]="${iip}pyramid.tif/2048,1024,1024,1024/512,/0/default.jpg"
url[sharp,tile]="http://127.0.0.1:8091/tile"
url[pictor,pyr]="http://127.0.0.1:8090/iiif/3/pyramid.tif/full/!300,300/0/default.jpg"
url[iipsrv,pyr]="${iip}pyramid.tif/full/!300,300/0/default.jpg"
url[sharp,pyr]="http://127.0.0.1:8091/pyramid-thumb"

{
  echo "Run: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t2 -c$conns -d${duration}s, derivative caching off."
  echo
  echo "| scenario | server | req/s | p99 ms | req/s vs pictor | p99 vs pictor |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
} > "$out"
# SCENARIOS="warm" (environment) runs only the warm-cache comparison.
cold=(thumb tile pyr)
[ "${SCENARIOS:-all}" = warm ] && cold=()
for sc in "${cold[@]}"; do
  case $sc in
    thumb) name="300 px thumbnail of 6000x4000 JPEG" ;;
    tile) name="512 px tile, middle of pyramid TIFF" ;;
    pyr) name="full/!300,300 of pyramid TIFF" ;;
  esac
  read -r prps pp99 <<<"$(measure "${url[pictor,$sc]}")"
  echo "| $name | pictor | $prps | $pp99 | 1.00 | 1.00 |" >> "$out"
  for peer in sharp iipsrv; do
    u=${url[$peer,$sc]:-}
    [ -z "$u" ] && continue
    read -r rps p99 <<<"$(measure "$u")"
    echo "| | $peer | $rps | $p99 | $(ratio "$rps" "$prps") | $(ratio "$p99" "$pp99") |" >> "$out"
  done
done
read -r wrps wp99 nrps np99 <<<"$(median_pair "http://127.0.0.1:8094$warm_path" "http://127.0.0.1:8093/thumb.jpg")"
{
  echo
  echo "Warm cache (median of 3 alternating runs): the same thumbnail from pictor's derivative cache"
  echo "and, as the same bytes, from nginx as a static file."
  echo
  echo "| scenario | server | req/s | p99 ms | req/s vs nginx |"
  echo "| --- | --- | ---: | ---: | ---: |"
  echo "| 300 px thumbnail, cache warm | pictor | $wrps | $wp99 | $(ratio "$wrps" "$nrps") |"
  echo "| | nginx (static file) | $nrps | $np99 | 1.00 |"
} >> "$out"
{
  echo
  echo "Peak RSS over the whole run (VmHWM, process tree):"
  echo
  echo "| server | peak RSS MB |"
  echo "| --- | ---: |"
  echo "| pictor | $(( $(peak_rss $pictor_pid) / 1024 )) |"
  echo "| sharp (node) | $(( $(peak_rss $sharp_pid) / 1024 )) |"
  echo "| iipsrv + lighttpd | $(( $(peak_rss $lighttpd_pid) / 1024 )) |"
  echo "| pictor, cache on (warm run) | $(( $(peak_rss $warm_pid) / 1024 )) |"
  echo "| nginx | $(( $(peak_rss $nginx_pid) / 1024 )) |"
} >> "$out"
cat "$out"
