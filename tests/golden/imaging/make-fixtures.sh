#!/usr/bin/env bash
# The source images of the imaging golden tests and of docs/imaging/ examples, made once with
# the vips command line and checked in: scene.png (320x240: a colour gradient, a dark disc,
# a white bar and a letter, so crops, turns and filters all show) and logo.png (a 64x64 red
# square with a transparent cut-out, for watermarks).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Gradient: red rises to the right, green downwards, blue constant.
vips xyz "$tmp/xy.v" 320 240
vips extract_band "$tmp/xy.v" "$tmp/x.v" 0
vips extract_band "$tmp/xy.v" "$tmp/y.v" 1
vips linear "$tmp/x.v" "$tmp/r.v" 0.79 20 --uchar
vips linear "$tmp/y.v" "$tmp/g.v" 0.9 30 --uchar
vips linear "$tmp/x.v" "$tmp/b.v" 0 160 --uchar
vips bandjoin "$tmp/r.v $tmp/g.v $tmp/b.v" "$tmp/rgb.v"
vips copy "$tmp/rgb.v" "$tmp/scene.v" --interpretation srgb
vips draw_circle "$tmp/scene.v" "20 20 40" 90 150 50 --fill
vips draw_rect "$tmp/scene.v" "255 255 255" 180 30 110 24 --fill
vips text "$tmp/letter.v" P --font "DejaVu Sans Bold 72" --dpi 72
vips draw_mask "$tmp/scene.v" "250 240 60" "$tmp/letter.v" 210 90
vips copy "$tmp/scene.v" scene.png

vips black "$tmp/logo.v" 64 64 --bands 3
vips linear "$tmp/logo.v" "$tmp/red.v" "0 0 0" "220 30 30" --uchar
vips black "$tmp/a.v" 64 64
vips linear "$tmp/a.v" "$tmp/alpha.v" 1 255 --uchar
vips draw_rect "$tmp/alpha.v" 0 20 20 24 24 --fill
vips bandjoin "$tmp/red.v $tmp/alpha.v" "$tmp/logo4.v"
vips copy "$tmp/logo4.v" logo.png --interpretation srgb
