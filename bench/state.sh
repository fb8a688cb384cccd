#!/usr/bin/env bash
# Benchmark: one pictor node on PostgreSQL against one on SQLite, in one run (docs/benchmarks.md,
# "State database"). A PostgreSQL of the script's own (Debian's initdb in a temp folder, as the
# postgres user, Unix socket only) holds the first node's state; the second keeps SQLite. Both
# serve the samples with the derivative cache on, and the same catalog: a role, a user and a
# restricted image.
#   warm tile: a cached IIIF tile, anonymous (no database query: policies are in memory);
#   restricted: a cached tile of a restricted image with a session cookie (one session lookup);
#   tile: a tile of the pyramid with the derivative cache off (render dominated).
# Each figure is the mean of two wrk runs, in the order SQLite, PostgreSQL, PostgreSQL, SQLite.
# Usage: bench/state.sh [DURATION_S] [CONNECTIONS]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
conns=${2:-8}
samples=$(realpath samples)
pictor=build/src/pictor
work=$(mktemp -d)
chmod 755 "$work"
mkdir -p bench/results
out=bench/results/state.md
pids=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
command -v wrk >/dev/null || apt-get install -y -qq --no-install-recommends wrk

mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres "$work/pg"
as_pg "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust --no-sync >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-k $work/pg -c listen_addresses= -p 5499" start >/dev/null
pg_url="postgresql:///postgres?host=$work/pg&port=5499&user=postgres"

start() { # port data-dir extra-settings...
  local port=$1 data=$2; shift 2
  "$pictor" serve --images "$samples" --port "$port" --data "$data" \
    --set log.access_log=false --set admin.user=admin --set admin.password=secret-pw \
    --set auth.kdf_cost=10 "$@" > "$data.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
}
start 8097 "$work/sqlite"
start 8098 "$work/postgres" --set "catalog.url=$pg_url"
start 8099 "$work/sqlite-cold" --set cache.enabled=false --set cache.coalesce=false
start 8100 "$work/postgres-cold" --set cache.enabled=false --set cache.coalesce=false \
  --set "catalog.url=$pg_url"

cookie_of() { # port -> a session cookie of alice, after setting up the catalog
  local a=(-s -o /dev/null -u admin:secret-pw -X PUT)
  curl "${a[@]}" "http://127.0.0.1:$1/admin/roles/staff"
  curl "${a[@]}" -H 'Content-Type: application/json' \
    -d '{"password":"wonderland","roles":["staff"]}' "http://127.0.0.1:$1/admin/users/alice"
  curl "${a[@]}" -H 'Content-Type: application/json' -d '{"roles":["staff"]}' \
    "http://127.0.0.1:$1/admin/assets/portrait.jpg/policy"
  curl -s -D - -o /dev/null -d 'username=alice&password=wonderland' \
    "http://127.0.0.1:$1/auth/v2/access/active" | grep -io 'pictor_session=[^;]*'
}
sqlite_cookie=$(cookie_of 8097)
pg_cookie=$(cookie_of 8098)

rate() { # url [header] -> req/s (after one request that must be a 200: it primes the cache)
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' ${2:+-H "$2"} "$1")
  [ "$code" = 200 ] || { echo "$1 answered $code" >&2; exit 1; }
  wrk -t2 -c"$conns" -d"${duration}s" ${2:+-H "$2"} "$1" | awk '/Requests\/sec/ {print $2}'
}
tile=/iiif/3/pyramid.tif/1024,1024,512,512/512,/0/default.jpg
restricted=/iiif/3/portrait.jpg/full/200,/0/default.jpg
# The node measured first gets the quieter machine (five servers and wrk on two cores), so
# each pair is measured SQLite, PostgreSQL, PostgreSQL, SQLite and averaged.
both() { # sqlite-url postgres-url [sqlite-header] [postgres-header] -> "sqlite postgres"
  local s1 p1 p2 s2
  s1=$(rate "$1" "${3:-}"); p1=$(rate "$2" "${4:-}"); p2=$(rate "$2" "${4:-}"); s2=$(rate "$1" "${3:-}")
  awk -v a="$s1" -v b="$s2" -v c="$p1" -v d="$p2" 'BEGIN { printf "%.0f %.0f", (a + b) / 2, (c + d) / 2 }'
}
read -r s_warm p_warm <<< "$(both "http://127.0.0.1:8097$tile" "http://127.0.0.1:8098$tile")"
read -r s_res p_res <<< "$(both "http://127.0.0.1:8097$restricted" "http://127.0.0.1:8098$restricted" \
  "Cookie: $sqlite_cookie" "Cookie: $pg_cookie")"
read -r s_tile p_tile <<< "$(both "http://127.0.0.1:8099$tile" "http://127.0.0.1:8100$tile")"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo "| scenario (wrk ${conns} connections, ${duration} s) | SQLite req/s | PostgreSQL req/s | PostgreSQL / SQLite |"
  echo "|---|---:|---:|---:|"
  echo "| warm cached tile, anonymous | $s_warm | $p_warm | $(ratio "$p_warm" "$s_warm") |"
  echo "| warm cached image, restricted, with a session | $s_res | $p_res | $(ratio "$p_res" "$s_res") |"
  echo "| tile of the pyramid, derivative cache off | $s_tile | $p_tile | $(ratio "$p_tile" "$s_tile") |"
} > "$out"
cat "$out"
