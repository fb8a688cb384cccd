#!/usr/bin/env bash
# Installs the Debian packages pictor builds and runs with, skipping what is already there,
# so `make run` and `make test` stay fast on a machine that has them all. `install-deps.sh fuzz`
# adds clang with its libFuzzer runtime, for `make fuzz`; `install-deps.sh container` adds
# podman, for `make test-container`. Node.js and npm run the test tools
# installed from the npm registry with their committed lockfiles (tests/s3: the S3 server).
set -euo pipefail

packages=(
  build-essential cmake pkg-config ccache make clang-format git
  libvips-dev libvips-tools libturbojpeg0-dev libjpeg62-turbo-dev libspng-dev libyuv-dev libtiff-dev libwebp-dev libexif-dev libimage-exiftool-perl
  libboost-dev libboost-system-dev
  nlohmann-json3-dev libsqlite3-dev libpq-dev postgresql nginx libssl-dev libtoml11-dev
  libspdlog-dev libfmt-dev libcli11-dev prometheus-cpp-dev python3-prometheus-client
  libsystemd-dev chromium
  libgtest-dev libgmock-dev libcurl4-openssl-dev zlib1g-dev
  fonts-dejavu-core fontconfig
  # The test that holds the imaging fill patterns to ImageMagick's own drawings runs its convert.
  imagemagick
  # The package test: lintian, and a Debian root (mmdebstrap) to install the package into; the
  # compose test reads YAML.
  lintian mmdebstrap python3-yaml
)
[ "${1:-}" = fuzz ] && packages+=(clang)
# `make test-container`: podman, run with runc (crun fails on these machines).
[ "${1:-}" = container ] && packages+=(podman runc uidmap)
# Debian's Node.js unless a Node.js with npm is already installed (say from NodeSource, whose
# nodejs package conflicts with Debian's npm).
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
# postgresql and nginx are servers the tests start themselves, on loopback. Where no init
# system runs (a container, a CI machine), their packages would start system-wide daemons from
# init scripts (nginx on port 80); a temporary policy-rc.d says no. One already there is kept.
policy=/usr/sbin/policy-rc.d
if [ ! -d /run/systemd/system ] && [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee "$policy" > /dev/null
  "${sudo_cmd[@]}" chmod +x "$policy"
  trap '"${sudo_cmd[@]}" rm -f "$policy"' EXIT
fi
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
