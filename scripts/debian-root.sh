#!/usr/bin/env bash
# A minimal Debian 12 root file system as a tarball, made once by mmdebstrap from the machine's
# own apt sources (Debian's archive; no registry): the package test installs pictor's .deb
# into it, and `make test-container` imports it with `podman import` as the container image's
# base (Containerfile's BASE). Made again only when missing.
# Usage: debian-root.sh OUT.tar
set -euo pipefail
out=$1
[ -f "$out" ] && [ -s "$out" ] && exit 0
mkdir -p "$(dirname "$out")"
# minbase is apt, dpkg and the essential tools; adduser and init-system-helpers are what the
# package's maintainer scripts call; ca-certificates lets apt and pictor reach HTTPS.
mmdebstrap --quiet --format=tar --variant=minbase --include=adduser,init-system-helpers,ca-certificates \
  bookworm "$out.tmp" 2> "$out.log" || { cat "$out.log" >&2; rm -f "$out.tmp"; exit 1; }
mv "$out.tmp" "$out"
rm -f "$out.log"
echo "debian-root: $(du -h "$out" | cut -f1) $out"
