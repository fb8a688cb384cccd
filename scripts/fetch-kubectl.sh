#!/usr/bin/env bash
# Fetches kubectl from Debian's kubernetes-client package into DEST without installing it (a
# kubectl another vendor installed stays untouched): the test renders deploy/kubernetes with
# this pinned Debian build's kustomize, whatever else the machine has.
# Usage: fetch-kubectl.sh DEST   (DEST/usr/bin/kubectl afterwards)
set -euo pipefail
dest=$1
[ -x "$dest/usr/bin/kubectl" ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -q kubernetes-client 2> "$work/log") ||
  { cat "$work/log" >&2; echo "fetch-kubectl: apt-get download kubernetes-client failed" >&2; exit 1; }
mkdir -p "$dest"
dpkg-deb -x "$work"/kubernetes-client_*.deb "$dest"
echo "fetch-kubectl: $(basename "$work"/kubernetes-client_*.deb) -> $dest/usr/bin/kubectl"
