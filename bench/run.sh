#!/usr/bin/env bash
# Benchmark: pictor against peers on this machine, in one run, on the photo-like corpus of
# bench/make-corpus.sh (generated into bench/corpus/ on first use):
#   - sharp (npm) as a minimal IIIF-shaped node server (bench/sharp-server.js),
#   - iiif-processor (npm, IIIF on sharp) as its README's minimal server,
#   - Debian's iipimage-server (iipsrv) behind lighttpd (FastCGI), for the pyramid scenarios,
#   - Debian's nginx serving a cached thumbnail's bytes as a static file (the warm yardstick).
# Every server renders every request: pictor runs with its derivative cache and request
# coalescing off, the peers with their caches off. pictor runs twice: as shipped (large flat
# sources get a pyramid side-car, built once in the background on first use) and with side-cars
# off ("flat"), which compares the rendering engines alone.
#   S1 24 MP JPEG -> 300 px JPEG          S2 3 MP JPEG -> 1200 px JPEG
#   S3 12 MP RGBA PNG -> 300 px WebP      S4 512 px tile of a pyramidal TIFF
#   S5 full/!300,300 of the pyramid       S6 deep zoom of the flat 24 MP JPEG (bench/deep-zoom.js)
#   W  the S1 thumbnail from pictor's warm derivative cache against nginx
# Every S1-S5 measurement is repeated ROUNDS times (default 2, servers alternating) and reported
# as the median with the spread (max - min) / median; S4 runs at 8 and at 32 connections. Beside
# req/s: each answer's bytes and SSIM against the same server's lossless rendering of the same
# request (bench/quality.py, scikit-image from Debian), and the server's peak RSS during that
# scenario alone (VmHWM, reset through /proc/PID/clear_refs before it).
# Usage: bench/run.sh [DURATION_S] [CONNECTIONS]     (from the repository root; `make bench`)
#        SCENARIOS="S1 S6" ROUNDS=3 bench/run.sh     (a subset, more rounds)
# Results: bench/results/latest.md (copy the tables into docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
conns=${2:-8}
rounds=${ROUNDS:-2}
scenarios=${SCENARIOS:-S1 S2 S3 S4 S5 S6 W}
corpus=$(pwd)/bench/corpus
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
command -v vips >/dev/null || need+=(libvips-tools)
/usr/bin/python3 -c "import skimage, PIL" 2>/dev/null || need+=(python3-skimage python3-pil)
if [ ${#need[@]} -gt 0 ]; then apt-get install -y -qq --no-install-recommends "${need[@]}"; fi
[ -d bench/node_modules/iiif-processor ] || (cd bench && npm ci --no-audit --no-fund >/dev/null)
[ -f "$corpus/SHA256SUMS" ] || bash bench/make-corpus.sh "$corpus"

# --- servers -------------------------------------------------------------------------------
cold=(--set log.access_log=false --set cache.enabled=false --set cache.coalesce=false)
"$pictor" serve --images "$corpus" --port 8090 --data "$work/data" "${cold[@]}" \
  > "$work/pictor.log" 2>&1 &
pids+=($!); pictor_pid=$!
"$pictor" serve --images "$corpus" --port 8096 --data "$work/data-flat" "${cold[@]}" \
  --set pyramid.min_pixels=0 > "$work/pictor-flat.log" 2>&1 &
pids+=($!); flat_pid=$!
# As shipped but with optimised JPEGs (engine.jpeg_optimize=true): the pyramid scenarios,
# where encoding is a large share of a request, show what optimised Huffman tables cost.
"$pictor" serve --images "$corpus" --port 8098 --data "$work/data-optimized" "${cold[@]}" \
  --set engine.jpeg_optimize=true > "$work/pictor-optimized.log" 2>&1 &
pids+=($!); optimized_pid=$!
"$pictor" serve --images "$corpus" --port 8094 --data "$work/data-warm" \
  --set log.access_log=false > "$work/pictor-warm.log" 2>&1 &
pids+=($!); warm_pid=$!

node bench/sharp-server.js "$corpus" 8091 > "$work/sharp.log" 2>&1 &
pids+=($!); sharp_pid=$!
node bench/iiif-processor-server.js "$corpus" 8095 > "$work/iiif-processor.log" 2>&1 &
pids+=($!); iiifp_pid=$!

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
    "FILESYSTEM_PREFIX" => "$corpus/", "JPEG_QUALITY" => "80", "MAX_CVT" => "10000",
    "VERBOSITY" => "0", "MAX_IMAGE_CACHE_SIZE" => "0", "CORS" => "*"
  )
)))
CONF
lighttpd -D -f "$work/lighttpd.conf" &
pids+=($!); lighttpd_pid=$!

wait_for() { for _ in $(seq 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "not up: $1"; exit 1; }
pyr=photo-6000x4000-pyr.tif
wait_for "http://127.0.0.1:8090/healthz"
wait_for "http://127.0.0.1:8096/healthz"
wait_for "http://127.0.0.1:8094/healthz"
wait_for "http://127.0.0.1:8098/healthz"
wait_for "http://127.0.0.1:8091/iiif/$pyr/info.json"
wait_for "http://127.0.0.1:8095/iiif/3/$pyr/info.json"
wait_for "http://127.0.0.1:8092/fcgi-bin/iipsrv.fcgi?IIIF=$pyr/info.json"

# nginx serves exactly the bytes the warm pictor answers, as a static file.
warm_path="/iiif/3/photo-6000x4000.jpg/full/!300,300/0/default.jpg"
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
rss() { local s=0; for p in $(tree_pids "$1"); do
  v=$(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); s=$((s + ${v:-0})); done; echo $s; }
cpu_ticks() { local s=0; for p in $(tree_pids "$1"); do
  v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0); s=$((s + ${v:-0})); done; echo $s; }

# Waits until the machine is idle again (at most 60 s): a server still working off requests
# that wrk gave up on (a timed-out backlog) would steal CPU from the next measurement.
settle() {
  for _ in $(seq 60); do
    read -r _ u1 n1 s1 i1 _ < /proc/stat; sleep 1; read -r _ u2 n2 s2 i2 _ < /proc/stat
    local busy=$(( (u2 + n2 + s2) - (u1 + n1 + s1) )) idle=$(( i2 - i1 ))
    [ $(( busy * 10 )) -lt $(( busy + idle )) ] && return 0
  done
}

# Resets the peak RSS (VmHWM) of a process tree, so the next peak_rss is of what follows.
reset_peak() { for p in $(tree_pids "$1"); do echo 5 > "/proc/$p/clear_refs" 2>/dev/null || true; done; }

# wrk -> "req/s p99_ms cpu_ms_per_request" (CPU of the server's process tree, user + system)
measure() {
  local url=$1 pid=$2 c=${3:-$conns}
  settle
  curl -sf -o /dev/null "$url" || { echo "- - -"; return; }
  wrk -t2 -c"$c" -d3s --timeout 10s "$url" > /dev/null 2>&1 # warm-up
  local t0; t0=$(cpu_ticks "$pid")
  local res; res=$(wrk -t2 -c"$c" -d"${duration}s" --timeout 10s --latency "$url" 2>&1)
  local t1; t1=$(cpu_ticks "$pid")
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$res")
  local total; total=$(awk '/requests in/ {print $1}' <<<"$res")
  local p99; p99=$(awk '$1=="99%" {print $2}' <<<"$res")
  local non2xx; non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$res")
  [ -n "$non2xx" ] && echo "warning: $non2xx non-2xx answers from $url" >&2
  local ms; ms=$(awk -v v="$p99" 'BEGIN { if (v ~ /ms$/) { sub(/ms/,"",v); print v }
    else if (v ~ /us$/) { sub(/us/,"",v); print v/1000 } else { sub(/s/,"",v); print v*1000 } }')
  local cpu; cpu=$(awk -v d=$((t1 - t0)) -v n="$total" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (n > 0) printf "%.1f %.1f", d * 1000 / hz / n, d * 1e6 / hz / n; else print "- -" }')
  echo "$rps $ms $cpu"
}

# Median and spread of the lines "req/s p99 cpu" on stdin -> "rps spread% p99 cpu" (the
# median line's p99 and CPU; the spread is (max - min) / median of req/s).
median_of() {
  sort -n | awk '{ r[NR] = $1; line[NR] = $0 } END {
    if (NR == 0 || r[1] == "-") { print "- - - -"; exit }
    m = int((NR + 1) / 2); split(line[m], f, " ")
    printf "%s %.0f%% %s %s\n", f[1], (r[NR] - r[1]) * 100 / (f[1] > 0 ? f[1] : 1), f[2], f[3] }'
}

# The median of the measurements' CPU microseconds per request (their 4th field) on stdin.
median_cpu() { awk '{print $4}' | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# Median over 5 alternating rounds of two URLs -> "rps_a spread_a p99_a rps_b spread_b p99_b
# cpu_a cpu_b" (the medians of each server's CPU microseconds per request): the warm-cache
# comparison is of two fast servers, where one run is too noisy to decide a ratio. The CPU each
# spends per request is steadier than req/s on a shared 2-core machine (wrk shares the cores).
median_pair() {
  local a=() b=()
  for _ in 1 2 3 4 5; do a+=("$(measure "$1" "$warm_pid" 32)"); b+=("$(measure "$2" "$nginx_pid" 32)"); done
  local ma mb
  ma=$(printf '%s\n' "${a[@]}" | median_of | cut -d' ' -f1-3)
  mb=$(printf '%s\n' "${b[@]}" | median_of | cut -d' ' -f1-3)
  echo "$ma $mb $(printf '%s\n' "${a[@]}" | median_cpu) $(printf '%s\n' "${b[@]}" | median_cpu)"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b+0 == 0 || a == "-" || b == "-") print "-"; else printf "%.2f", a / b }'; }

declare -A base pid
base[pictor]="http://127.0.0.1:8090/iiif/3"; pid[pictor]=$pictor_pid
base[flat]="http://127.0.0.1:8096/iiif/3"; pid[flat]=$flat_pid
base[optimized]="http://127.0.0.1:8098/iiif/3"; pid[optimized]=$optimized_pid
base[sharp]="http://127.0.0.1:8091/iiif"; pid[sharp]=$sharp_pid
base[iiif-processor]="http://127.0.0.1:8095/iiif/3"; pid[iiif-processor]=$iiifp_pid
base[iipsrv]="http://127.0.0.1:8092/fcgi-bin/iipsrv.fcgi?IIIF="; pid[iipsrv]=$lighttpd_pid
declare -A label path peers
label[S1]="S1 24 MP JPEG -> 300 px JPEG"
path[S1]="photo-6000x4000.jpg/full/!300,300/0/default.jpg"
label[S2]="S2 3 MP JPEG -> 1200 px JPEG"
path[S2]="photo-2048x1536.jpg/full/!1200,1200/0/default.jpg"
label[S3]="S3 12 MP RGBA PNG -> 300 px WebP"
path[S3]="alpha-4000x3000.png/full/!300,300/0/default.webp"
label[S4]="S4 512 px tile of the pyramid"
path[S4]="$pyr/2048,1024,1024,1024/512,/0/default.jpg"
label[S5]="S5 full/!300,300 of the pyramid"
path[S5]="$pyr/full/!300,300/0/default.jpg"
flat_peers="flat sharp iiif-processor"
peers[S1]=$flat_peers; peers[S2]=$flat_peers; peers[S3]=$flat_peers
peers[S4]="optimized sharp iiif-processor iipsrv"; peers[S5]="optimized sharp iiif-processor iipsrv"
url_of() { local b=${base[$1]}; [ "$1" = iipsrv ] && echo "$b$2" || echo "$b/$2"; }

{
  echo "Run: $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1048576 )) GiB)"
  echo "wrk -t2 -c$conns -d${duration}s (S4 also at 32 connections), median of $rounds rounds with servers alternating; every request renders."
  echo
  echo "| scenario | server | req/s | spread | p99 ms | CPU ms/req | bytes | SSIM | peak MB | pictor / server | flat / server |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} > "$out"
flat_s1_rss=-
declare -A conns_of
conns_of[S4]="$conns 32"
for sc in S1 S2 S3 S4 S5; do
  [[ " $scenarios " == *" $sc "* ]] || continue
  servers="pictor ${peers[$sc]}"
  for c in ${conns_of[$sc]:-$conns}; do
    declare -A runs=() peak=()
    for s in $servers; do peak[$s]=0; done
    for _ in $(seq "$rounds"); do
      for s in $servers; do
        reset_peak "${pid[$s]}"
        runs[$s]+="$(measure "$(url_of "$s" "${path[$sc]}")" "${pid[$s]}" "$c")"$'\n'
        p=$(( $(peak_rss "${pid[$s]}") / 1024 )); [ "$p" -gt "${peak[$s]}" ] && peak[$s]=$p
      done
    done
    declare -A med=()
    for s in $servers; do med[$s]=$(printf '%s' "${runs[$s]}" | grep -v '^$' | median_of); done
    label="${label[$sc]}"; [ "$c" != "$conns" ] && label="$label, $c connections"
    first=1
    for s in $servers; do
      read -r rps spread p99 cpu <<<"${med[$s]}"
      read -r bytes ssim <<<"$(/usr/bin/python3 bench/quality.py "$(url_of "$s" "${path[$sc]}")" 2>/dev/null || echo "- -")"
      name=$s; [ "$s" = flat ] && name="pictor, side-cars off"
      [ "$s" = optimized ] && name="pictor, engine.jpeg_optimize=true"
      flat_ratio=""; [[ " $servers " == *" flat "* ]] && [ "$s" != flat ] && flat_ratio=$(ratio "${med[flat]%% *}" "$rps")
      echo "| $([ $first = 1 ] && echo "$label") | $name | $rps | $spread | $p99 | $cpu | $bytes | $ssim | ${peak[$s]} | $(ratio "${med[pictor]%% *}" "$rps") | $flat_ratio |" >> "$out"
      first=0
    done
    [ "$sc" = S1 ] && flat_s1_rss=${peak[flat]}
  done
done

if [[ " $scenarios " == *" S6 "* ]]; then
  # A fresh pictor with an empty data folder: the visit pays for the side-car's build.
  "$pictor" serve --images "$corpus" --port 8097 --data "$work/data-s6" "${cold[@]}" \
    > "$work/pictor-s6.log" 2>&1 &
  pids+=($!); s6_pid=$!
  wait_for "http://127.0.0.1:8097/healthz"
  declare -A s6
  s6[pictor]="http://127.0.0.1:8097/iiif/3/photo-6000x4000.jpg"
  s6[flat]="${base[flat]}/photo-6000x4000.jpg"
  s6[sharp]="${base[sharp]}/photo-6000x4000.jpg"
  s6[iiif-processor]="${base[iiif-processor]}/photo-6000x4000.jpg"
  {
    echo
    echo "S6 deep zoom of the flat 24 MP JPEG: info.json, 200 tiles over every zoom level, 3 thumbnails, 6 at a time"
    echo
    echo "| server | seconds | requests | failed | server / pictor (time) |"
    echo "| --- | ---: | ---: | ---: | ---: |"
  } >> "$out"
  settle
  read -r ps6 n f <<<"$(node bench/deep-zoom.js "${s6[pictor]}" 6000 4000)"
  echo "| pictor (first visit, side-car built during it) | $ps6 | $n | $f | 1.00 |" >> "$out"
  for s in flat sharp iiif-processor; do
    settle
    read -r t n f <<<"$(node bench/deep-zoom.js "${s6[$s]}" 6000 4000)"
    name=$s; [ "$s" = flat ] && name="pictor, side-cars off"
    echo "| $name | $t | $n | $f | $(ratio "$t" "$ps6") |" >> "$out"
  done
  settle
  read -r t n f <<<"$(node bench/deep-zoom.js "${s6[pictor]}" 6000 4000)"
  echo "| pictor, second visit (side-car ready) | $t | $n | $f | $(ratio "$t" "$ps6") |" >> "$out"
fi

if [[ " $scenarios " == *" W "* ]]; then
  read -r wrps wspread wp99 nrps nspread np99 wcpu ncpu <<<"$(median_pair "http://127.0.0.1:8094$warm_path" "http://127.0.0.1:8093/thumb.jpg")"
  {
    echo
    echo "Warm cache (32 connections, median of 5 alternating runs): the S1 thumbnail from pictor's"
    echo "derivative cache and, as the same bytes, from nginx as a static file."
    echo
    echo "| scenario | server | req/s | spread | p99 ms | req/s vs nginx | server CPU µs/req | nginx's CPU / this |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    echo "| 300 px thumbnail, cache warm | pictor | $wrps | $wspread | $wp99 | $(ratio "$wrps" "$nrps") | $wcpu | $(ratio "$ncpu" "$wcpu") |"
    echo "| | nginx (static file) | $nrps | $nspread | $np99 | 1.00 | $ncpu | 1.00 |"
  } >> "$out"
fi
{
  echo
  echo "Memory after the run (MB): peak since the server's last scenario began (each scenario's own"
  echo "peak is in the tables above), and now, idle."
  echo
  echo "| server | peak | now (idle) |"
  echo "| --- | ---: | ---: |"
  echo "| pictor, side-cars off, during S1 at $conns connections | $flat_s1_rss | |"
  for s in pictor flat optimized sharp iiif-processor iipsrv; do
    echo "| $s | $(( $(peak_rss "${pid[$s]}") / 1024 )) | $(( $(rss "${pid[$s]}") / 1024 )) |"
  done
  echo "| pictor, cache on (warm run) | $(( $(peak_rss $warm_pid) / 1024 )) | $(( $(rss $warm_pid) / 1024 )) |"
  echo "| nginx | $(( $(peak_rss $nginx_pid) / 1024 )) | |"
} >> "$out"
cat "$out"
