#!/usr/bin/env bash
# `make package`'s Debian package, checked as an operator would meet it: built by CPack from the
# build folder, its control data (dependencies, conffiles, maintainer scripts), its files (a
# stripped binary, the symbols in -dbgsym, the config, the systemd unit, the man pages, the
# DEP-5 copyright and the changelogs), lintian with no error or warning, the unit passing
# `systemd-analyze verify`, and the installed binary serving with the installed configuration,
# unpacked into a scratch root. Then, as root, installed into a Debian 12 root made by
# mmdebstrap (`make test-tools`): the maintainer scripts as dpkg runs them, with
# deb-systemd-helper's rules (enabled on the first install only, an admin's disable kept by an
# upgrade) and a purge that keeps the source images.
# Usage: tests/packaging/package_test.sh BUILD_DIR SAMPLES_DIR
set -euo pipefail
build=$(realpath "$1")
samples=$(realpath "$2")
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" > "$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/out/pictor_*.deb | grep -v dbgsym | head -1)
dbgsym=$(ls "$work"/out/*dbgsym*.ddeb "$work"/out/*dbgsym*.deb 2>/dev/null | head -1 || true)
[ -f "$deb" ] || fail "no package in $(ls "$work/out")"
[ -n "$dbgsym" ] || fail "no -dbgsym package: $(ls "$work/out")"

# Control data.
info=$(dpkg-deb -I "$deb")
grep -q "^ Package: pictor$" <<<"$info" || fail "package name"
grep -q "^ Depends:.*libvips42" <<<"$info" || fail "Depends lacks libvips42: $info"
grep -q "^ Depends:.*adduser" <<<"$info" || fail "Depends lacks adduser"
dpkg-deb -e "$deb" "$work/control"
grep -qx "/etc/pictor/pictor.toml" "$work/control/conffiles" || fail "the config is not a conffile"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "$script missing or not executable"
  sh -n "$work/control/$script" || fail "$script does not parse"
done
grep -q "adduser --system" "$work/control/postinst" || fail "postinst does not create the user"

# Files.
dpkg-deb -x "$deb" "$work/root"
for f in usr/bin/pictor etc/pictor/pictor.toml lib/systemd/system/pictor.service \
         usr/share/man/man1/pictor.1.gz usr/share/man/man1/pictor-serve.1.gz \
         usr/share/man/man1/pictor-process.1.gz usr/share/man/man1/pictor-admin.1.gz \
         usr/share/man/man1/pictor-sign.1.gz usr/share/man/man5/pictor.toml.5.gz \
         usr/share/doc/pictor/copyright usr/share/doc/pictor/changelog.Debian.gz \
         usr/share/doc/pictor/changelog.gz usr/share/pictor/ui/viewer.html \
         usr/share/pictor/ui/admin.html usr/share/pictor/ui/viewer.js usr/share/pictor/ui/admin.js \
         usr/share/pictor/ui/pictor.css; do
  [ -f "$work/root/$f" ] || fail "$f missing: $(dpkg-deb -c "$deb")"
done
if readelf -S "$work/root/usr/bin/pictor" | grep -q "\.debug_info"; then
  fail "the installed binary carries its debug symbols"
fi
# Man pages: each renders without a groff warning, and pictor.toml(5) names every key.
for page in "$work"/root/usr/share/man/man*/*.gz; do
  warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 > /dev/null || true)
  [ -z "$warnings" ] || fail "$(basename "$page"): $warnings"
done
keys=$("$work/root/usr/bin/pictor" serve --help | grep -c "^  [a-z0-9_]*\.[a-z0-9_.]* (PICTOR_")
documented=$(zcat "$work/root/usr/share/man/man5/pictor.toml.5.gz" | grep -c '^\\fB[a-z0-9_\\-]*\\fR = ' || true)
if [ "$keys" -lt 100 ] || [ "$keys" != "$documented" ]; then
  fail "pictor.toml(5) documents $documented keys of $keys"
fi
head -1 "$work/root/usr/share/doc/pictor/copyright" |
  grep -qx "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" ||
  fail "copyright is not DEP-5"
grep -qx "License: Apache-2.0" "$work/root/usr/share/doc/pictor/copyright" || fail "copyright licence"
zcat "$work/root/usr/share/doc/pictor/changelog.Debian.gz" | head -1 |
  grep -q "^pictor ($(dpkg-deb -f "$deb" Version))" || fail "changelog.Debian's version"

# lintian (Debian's own package checker): no error, no warning.
lintian --fail-on error,warning --tag-display-limit 0 "$deb" > "$work/lintian.log" 2>&1 ||
  { cat "$work/lintian.log"; fail "lintian"; }
systemd-analyze verify --man=no "$work/root/lib/systemd/system/pictor.service" \
  > "$work/verify.log" 2>&1 || {
  # Outside a booted systemd, verify may only complain that pictor's binary and user are not
  # installed on this machine; anything else fails.
  grep -v -e "/usr/bin/pictor" -e "pictor.service: Failed to" -e "^$" "$work/verify.log" |
    grep -q . && { cat "$work/verify.log"; fail "systemd-analyze verify"; }
}
grep -q "^Type=notify$" "$work/root/lib/systemd/system/pictor.service" || fail "Type=notify"

# The installed binary with the installed configuration (its folders moved into the scratch
# root: the package's own point at /var/lib/pictor).
"$work/root/usr/bin/pictor" --version | grep -q "^pictor " || fail "--version"
"$work/root/usr/bin/pictor" serve --config "$work/root/etc/pictor/pictor.toml" \
  --images "$samples" --data "$work/data" --port 0 --ready-file "$work/port" \
  > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/serve.log"; fail "the installed pictor did not start"; }
port=$(cat "$work/port")
/usr/bin/python3 - "$port" <<'PY' || fail "the installed pictor does not serve"
import json, sys, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
info = json.load(urllib.request.urlopen(base + "/iiif/3/photo.jpg/info.json"))
assert info["width"] > 0, info
image = urllib.request.urlopen(base + "/iiif/3/photo.jpg/full/64,/0/default.jpg").read()
assert image[:2] == b"\xff\xd8", image[:4]
# The viewer from the installed front-end (share/pictor/ui beside bin/).
page = urllib.request.urlopen(base + "/viewer/photo.jpg").read().decode()
assert "/iiif/3/photo.jpg/info.json" in page, page[:200]
script = urllib.request.urlopen(base + "/ui/viewer.js").read()
assert len(script) > 10000, len(script)
PY
grep -q '"log":"app"' "$work/serve.log" || fail "not JSON logs as configured: $(head -3 "$work/serve.log")"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null || true
pid=

# Installed by dpkg into a Debian 12 root, as root: what the maintainer scripts do.
tarball="$build/tools/debian-bookworm.tar"
if [ "$(id -u)" -ne 0 ]; then
  echo "package: not root, the install into a Debian root is left out"
else
  [ -f "$tarball" ] || fail "no $tarball: run make test-tools (scripts/debian-root.sh)"
  root="$work/debian"
  mkdir "$root"
  tar -xf "$tarball" -C "$root"
  cp "$deb" "$root/tmp/pictor.deb"
  in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
  enabled="$root/etc/systemd/system/multi-user.target.wants/pictor.service"
  # The libraries are not in the root: only the maintainer scripts matter here.
  install() { in_root dpkg -i --force-depends /tmp/pictor.deb > "$work/dpkg.log" 2>&1 ||
    { cat "$work/dpkg.log"; fail "dpkg -i"; }; }
  install
  grep -qi "warning" "$work/dpkg.log" && { cat "$work/dpkg.log"; fail "the install warns"; }
  in_root getent passwd pictor | grep -q ":/var/lib/pictor:" || fail "the user pictor and its home"
  [ -L "$enabled" ] || fail "the first install does not enable the service"
  # (Names as the root's own /etc/passwd has them.)
  [ "$(in_root stat -c %U /srv/pictor/images)" = pictor ] || fail "/srv/pictor/images"
  [ "$(in_root stat -c %a:%U:%G /etc/pictor/pictor.toml)" = 640:root:pictor ] || fail "config mode"
  # An admin disables the service (what `systemctl disable` does: its link goes; systemd is not
  # in this root); an upgrade keeps it disabled.
  cp "$samples/small.gif" "$root/srv/pictor/images/"
  rm "$enabled"
  install
  [ -e "$enabled" ] && fail "an upgrade enabled the service the admin had disabled"
  # Purge removes what pictor made and keeps the images, saying so.
  mkdir -p "$root/var/lib/pictor/cache" && touch "$root/var/lib/pictor/catalog.sqlite"
  in_root dpkg --purge --force-depends pictor > "$work/purge.log" 2>&1 || fail "dpkg --purge"
  [ -e "$root/var/lib/pictor" ] && fail "purge left /var/lib/pictor: $(ls -A "$root/var/lib/pictor")"
  [ -f "$root/srv/pictor/images/small.gif" ] || fail "purge deleted the source images"
  grep -q "purge keeps the source images in /srv/pictor/images" "$work/purge.log" ||
    fail "purge does not say it keeps the images: $(cat "$work/purge.log")"
  # Images an older version kept in /var/lib/pictor/images: served from /srv/pictor/images by a
  # link, and kept by purge too.
  rm -rf "$root/srv/pictor"
  mkdir -p "$root/var/lib/pictor/images" && cp "$samples/small.gif" "$root/var/lib/pictor/images/"
  install
  [ "$(readlink "$root/srv/pictor/images")" = /var/lib/pictor/images ] || fail "old images not linked"
  in_root dpkg --purge --force-depends pictor > "$work/purge.log" 2>&1 || fail "dpkg --purge"
  [ -f "$root/var/lib/pictor/images/small.gif" ] || fail "purge deleted the old images"
  [ -e "$root/srv/pictor/images" ] && fail "purge left the link"
  echo "package: installed, upgraded and purged in a Debian 12 root"
fi
echo "package OK: $(basename "$deb") ($(du -h "$deb" | cut -f1)), $(basename "$dbgsym")"
