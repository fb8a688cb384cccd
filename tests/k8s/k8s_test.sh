#!/usr/bin/env bash
# deploy/kubernetes as a cluster would meet it (issue 33, item 4): each overlay rendered by the
# kustomize of Debian's kubectl (scripts/fetch-kubectl.sh, `make test-tools`), every object
# validated against the Kubernetes 1.27 API schemas and its references checked (validate.mjs),
# the configuration and environment the pod would get loaded by `pictor serve --check-config`,
# and the single-node pod's pictor started with exactly them: its probes, a tile, the metrics
# listener, and a clean stop on SIGTERM within the pod's grace period. Only the pod's folders
# (/images, /data) and ports are moved to a scratch folder and free ports.
# Usage: k8s_test.sh PICTOR_BINARY REPO_DIR SAMPLES_DIR KUBECTL
set -euo pipefail
pictor=$1
repo=$2
samples=$3
kubectl=$4
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$kubectl" ] || fail "no $kubectl: run make test-tools (scripts/fetch-kubectl.sh)"
echo "rendering with $("$kubectl" version --client --short 2>/dev/null || "$kubectl" version --client)"

# The container's environment, as KEY=VALUE arguments for env(1).
pod_env() { /usr/bin/python3 -c 'import json,sys; [print(f"{k}={v}") for k,v in json.load(open(sys.argv[1])).items()]' "$1"; }

for overlay in single-node cluster; do
  out="$work/$overlay"
  mkdir -p "$out/data"
  "$kubectl" kustomize "$repo/deploy/kubernetes/overlays/$overlay" > "$out/rendered.yaml" ||
    fail "$overlay does not render"
  node "$repo/tests/k8s/validate.mjs" "$out/rendered.yaml" "$out" || fail "$overlay does not validate"
  mapfile -t environment < <(pod_env "$out/env.json")
  env -i PATH="$PATH" "${environment[@]}" "$pictor" serve --check-config --config "$out/pictor.toml" \
    --set store.images="$samples" --set store.data="$out/data" ||
    fail "$overlay: pictor refuses the pod's configuration"
done

# The single-node pod, started.
out="$work/single-node"
mapfile -t environment < <(pod_env "$out/env.json")
env -i PATH="$PATH" "${environment[@]}" "$pictor" serve --config "$out/pictor.toml" \
  --set store.images="$samples" --set store.data="$out/data" --set server.port=0 \
  --set ops.listen=127.0.0.1:0 --set server.host=127.0.0.1 --ready-file "$out/port" \
  > "$out/log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$out/port" ] && break; sleep 0.1; done
[ -s "$out/port" ] || { cat "$out/log"; fail "the pod's pictor did not start"; }
base="http://127.0.0.1:$(cat "$out/port")"
ops=$(grep -o 'operator pages listening on http://[0-9.:]*' "$out/log" | head -1 | awk '{print $NF}')
# (Answers go to files first: grep -q stopping early would fail curl's pipe under pipefail.)
curl -sf -o "$out/ready.json" "$base/readyz" || fail "readiness"
grep -q '"ready": true' "$out/ready.json" || fail "not ready"
curl -sf "$base/healthz" > /dev/null || fail "liveness"
curl -sf -o "$out/tile.jpg" "$base/iiif/3/photo.jpg/0,0,512,512/256,/0/default.jpg" || fail "a tile"
[ "$(vipsheader -f width "$out/tile.jpg")" = 256 ] || fail "the tile is not 256 px wide"
curl -sf -o "$out/metrics.txt" "$ops/metrics" || fail "metrics on the ops listener"
grep -q "^process_start_time_seconds" "$out/metrics.txt" || fail "no process metrics"
# The Secret's admin credentials reach the admin API.
curl -sf -u admin:replace-this-example-password "$base/admin/roles" > /dev/null ||
  fail "the Secret's admin credentials"
grace=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["grace"])' "$out/pod.json")
start=$(date +%s)
kill -TERM "$pid"
wait "$pid" || { status=$?; pid=; cat "$out/log"; fail "exit $status after SIGTERM"; }
pid=
[ $(($(date +%s) - start)) -lt "$grace" ] || fail "the stop took longer than the pod's grace period"
grep -q "replace-this-example-password" "$out/log" && fail "a secret in the log"
echo "kubernetes OK: single-node and cluster render, validate and configure pictor"
