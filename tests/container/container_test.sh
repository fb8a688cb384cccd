#!/usr/bin/env bash
# `make test-container` (issue 33, item 2): the Containerfile built and run as an operator
# would, on a machine that reaches no registry: the Debian 12 base is made by mmdebstrap
# (scripts/debian-root.sh) and imported with `podman import`, then passed as BASE. The image is
# built (the host's ccache mounted, so a warm cache makes it quick), its size reported, and
# started: it must run as a non-root user, answer its health check, serve a IIIF tile from the
# /images volume and the viewer, keep its state in /data, take PICTOR_* settings, and stop
# cleanly on SIGTERM. Podman runs with runc, cgroupfs, the host's network and explicit
# ulimits: crun and rootless modes fail on these machines.
# Usage: container_test.sh REPO_DIR BUILD_DIR SAMPLES_DIR
set -euo pipefail
repo=$(realpath "$1")
build=$(realpath "$2")
samples=$(realpath "$3")
version=$(sed -n 's/^project(pictor VERSION \([0-9.]*\) .*/\1/p' "$repo/CMakeLists.txt")
image="localhost/pictor:$version"
base="localhost/debian-mmdebstrap:bookworm"
name="pictor-test-$$"
work=$(mktemp -d)
podman=(podman --cgroup-manager=cgroupfs)
nofile=$(( $(ulimit -Hn) < 16384 ? $(ulimit -Hn) : 16384 ))
limits=(--runtime runc --ulimit "nofile=$nofile:$nofile" --ulimit nproc=4096:4096)
cleanup() { "${podman[@]}" rm -f -t 0 "$name" > /dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; "${podman[@]}" logs "$name" 2>&1 | tail -20 >&2 || true; exit 1; }

bash "$repo/scripts/debian-root.sh" "$build/tools/debian-bookworm.tar"
if ! "${podman[@]}" image exists "$base"; then
  "${podman[@]}" import "$build/tools/debian-bookworm.tar" "$base" > /dev/null
fi
ccache_dir=$(ccache --get-config cache_dir 2>/dev/null || echo "$HOME/.cache/ccache")
mkdir -p "$ccache_dir"
# The host's CA bundle, for npm inside the build (a TLS-inspecting proxy's CA is only there).
ca=(-v /etc/ssl/certs/ca-certificates.crt:/etc/pictor-build-ca.crt:ro
    --build-arg EXTRA_CA_CERTS=/etc/pictor-build-ca.crt)
start=$(date +%s)
"${podman[@]}" build --format docker "${limits[@]}" "${ca[@]}" --network host --build-arg "BASE=$base" \
  --build-arg "COMMIT=$(git -C "$repo" describe --always --dirty=+dirty --abbrev=12 2>/dev/null || echo unknown)" \
  -v "$ccache_dir:/ccache" -t "$image" -f "$repo/Containerfile" "$repo" > "$work/build.log" 2>&1 ||
  { tail -40 "$work/build.log"; fail "podman build"; }
size=$("${podman[@]}" image inspect --format '{{.Size}}' "$image")
echo "container: built $image in $(( $(date +%s) - start )) s, $(( size / 1024 / 1024 )) MiB"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/data" && chmod 0777 "$work/data"   # the image's user writes there
# --health-interval=disable: no systemd here to run podman's timer; `healthcheck run` below
# runs the image's check once. Podman still reports the missing systemd: its stderr goes to a
# file, shown if the run fails.
"${podman[@]}" run -d --name "$name" "${limits[@]}" --network host --health-interval=disable \
  -v "$samples:/images:ro" -v "$work/data:/data" \
  -e PICTOR_SERVER_PORT="$port" -e PICTOR_LIMITS_MAX_WIDTH=4000 "$image" > /dev/null \
  2> "$work/podman.log" || { cat "$work/podman.log"; fail "podman run"; }
base_url="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$base_url/healthz" > /dev/null && break; sleep 0.1; done
curl -sf "$base_url/healthz" > /dev/null || fail "the container does not answer /healthz"
"${podman[@]}" healthcheck run "$name" || fail "the image's HEALTHCHECK"
[ "$("${podman[@]}" exec "$name" id -u)" = 10001 ] || fail "not the non-root user 10001"
"${podman[@]}" exec "$name" touch /usr/bin/x 2> /dev/null && fail "the user may write /usr"
curl -sf -o "$work/tile.jpg" "$base_url/iiif/3/photo.jpg/0,0,1024,1024/512,/0/default.jpg" ||
  fail "a IIIF tile"
[ "$(vipsheader -f width "$work/tile.jpg")" = 512 ] || fail "the tile is not 512 px wide"
# (Answers go to files first: grep -q stopping early would fail curl's pipe under pipefail.)
curl -sf -o "$work/viewer.html" "$base_url/viewer/photo.jpg" || fail "the viewer"
grep -q "/iiif/3/photo.jpg/info.json" "$work/viewer.html" || fail "the viewer's page"
curl -sf "$base_url/ui/viewer.js" > /dev/null || fail "the viewer's script"
curl -sf -o "$work/info.json" "$base_url/iiif/3/photo.jpg/info.json" || fail "info.json"
grep -q '"maxWidth": 4000' "$work/info.json" || fail "PICTOR_LIMITS_MAX_WIDTH did not apply"
[ -f "$work/data/catalog.sqlite" ] || fail "no catalog in the /data volume"
"${podman[@]}" exec "$name" pictor --version | grep -q "^pictor $version " || fail "--version"
stop_start=$(date +%s)
"${podman[@]}" stop -t 45 "$name" > /dev/null 2>> "$work/podman.log"
[ "$("${podman[@]}" inspect --format '{{.State.ExitCode}}' "$name")" = 0 ] || fail "exit after SIGTERM"
[ $(( $(date +%s) - stop_start )) -lt 40 ] || fail "SIGTERM took the whole grace period"
"${podman[@]}" logs "$name" 2>&1 | grep -q "stopped" || fail "no orderly stop in the log"
echo "container OK: $image, $(( size / 1024 / 1024 )) MiB; tile, viewer, health, SIGTERM"
