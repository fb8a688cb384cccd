#!/usr/bin/env bash
# `make package`'s Debian package, checked as an operator would meet it: built by CPack from the
# build folder, its control data (dependencies, conffiles, maintainer scripts), its files (a
# stripped binary, the symbols in -dbgsym, the config, the systemd unit, the man page), the unit
# passing `systemd-analyze verify`, and the installed binary serving with the installed
# configuration, unpacked into a scratch root.
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
         usr/share/man/man1/pictor.1.gz usr/share/pictor/ui/viewer.html \
         usr/share/pictor/ui/admin.html usr/share/pictor/ui/viewer.js usr/share/pictor/ui/admin.js \
         usr/share/pictor/ui/pictor.css; do
  [ -f "$work/root/$f" ] || fail "$f missing: $(dpkg-deb -c "$deb")"
done
if readelf -S "$work/root/usr/bin/pictor" | grep -q "\.debug_info"; then
  fail "the installed binary carries its debug symbols"
fi
zcat "$work/root/usr/share/man/man1/pictor.1.gz" | grep -q "serve" || fail "man page"
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
echo "package OK: $(basename "$deb") ($(du -h "$deb" | cut -f1)), $(basename "$dbgsym")"
