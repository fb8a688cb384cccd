#!/usr/bin/env bash
# Generates the sample images with the vips CLI (nothing is downloaded). The images carry known
# colours at known points so tests can check crops, mirroring and rotation by decoding them:
#   photo.jpg      6000x4000  R = 255*x/6000, G = 255*y/4000, B ~ 128 + sine ripple, plus noise
#   pyramid.tif    the same pixels as a tiled (256 px), JPEG-compressed pyramidal TIFF
#   alpha.png      800x600    left half opaque red, right half blue at alpha 128
#   portrait.jpg   stored 600x400 with EXIF orientation 6: displayed 400x600, R grows downwards,
#                  G shrinks rightwards
#   small.gif      64x48      left half red, right half green
#   collection/page1.jpg      a 600 px wide copy of photo.jpg, for identifiers with a slash
# Usage: make-samples.sh DIR   (does nothing when every sample is already there)
set -euo pipefail
out=${1:?usage: make-samples.sh DIR}
want=(photo.jpg pyramid.tif alpha.png portrait.jpg small.gif collection/page1.jpg)
all=1
for f in "${want[@]}"; do [ -s "$out/$f" ] || all=0; done
[ $all -eq 1 ] && exit 0
mkdir -p "$out"
out=$(cd "$out" && pwd) # the work below happens in a temp folder

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

# Photo-like 6000x4000: two gradients, a ripple and noise.
vips xyz xy.v 6000 4000
vips extract_band xy.v x.v 0
vips extract_band xy.v y.v 1
vips linear x.v r.v 0.0425 0
vips linear y.v g.v 0.06375 0
vips sines s.v 6000 4000 --hfreq 7 --vfreq 5
vips linear s.v b.v 60 128
vips bandjoin "r.v g.v b.v" rgb.v
vips gaussnoise n.v 6000 4000 --sigma 6 --mean 0 --seed 1  # the same samples on every machine
vips add rgb.v n.v noisy.v
vips cast noisy.v c.v uchar
vips copy c.v srgb.v --interpretation srgb
vips jpegsave srgb.v photo.jpg --Q 90
vips tiffsave photo.jpg pyramid.tif --tile --pyramid --tile-width 256 --tile-height 256 \
  --compression jpeg --Q 90

# PNG with alpha: mask is 255 left of x=400.
vips xyz pxy.v 800 600
vips extract_band pxy.v px.v 0
vips relational_const px.v mask.v less 400
vips invert mask.v inv.v
vips black zero.v 800 600
vips linear inv.v halfa.v 0.50196 0
vips cast halfa.v halfa8.v uchar
vips add mask.v halfa8.v alpha16.v
vips cast alpha16.v alpha.v uchar
vips bandjoin "mask.v zero.v inv.v alpha.v" rgba.v
vips cast rgba.v rgba8.v uchar
vips copy rgba8.v rgba_srgb.v --interpretation srgb
vips pngsave rgba_srgb.v alpha.png

# Portrait by EXIF orientation: stored landscape gradients, tagged "rotate 90 CW".
vips xyz oxy.v 600 400
vips extract_band oxy.v ox.v 0
vips extract_band oxy.v oy.v 1
vips linear ox.v or.v 0.425 0
vips linear oy.v og.v 0.6375 0
vips black ob.v 600 400
vips bandjoin "or.v og.v ob.v" orgb.v
vips cast orgb.v orgb8.v uchar
vips copy orgb8.v orgb_srgb.v --interpretation srgb
vips jpegsave orgb_srgb.v portrait.jpg --Q 92
exiftool -q -overwrite_original -n -Orientation=6 portrait.jpg

# Small GIF: red left, green right.
vips xyz gxy.v 64 48
vips extract_band gxy.v gx.v 0
vips relational_const gx.v gmask.v less 32
vips invert gmask.v ginv.v
vips black gzero.v 64 48
vips bandjoin "gmask.v ginv.v gzero.v" grgb.v
vips copy grgb.v grgb_srgb.v --interpretation srgb
vips gifsave grgb_srgb.v small.gif

mkdir -p collection
vips thumbnail photo.jpg collection/page1.jpg 600

mkdir -p "$out/collection"
for f in "${want[@]}"; do
  mv "$f" "$out/$f.part" && mv "$out/$f.part" "$out/$f"
done
echo "samples written to $out"
