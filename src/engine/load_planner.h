#pragma once
// Chooses how to load a source for a given scale: which pyramid level, which JPEG DCT shrink,
// which WebP scale. Pure arithmetic, no libvips, so it is unit-tested directly.
#include <cstdint>

#include "core/geometry.h"
#include "engine/source_info.h"

namespace pictor::engine {

struct LoadChoice {
    int level = 0;         // index into SourceInfo::levels (0 = full resolution)
    int jpeg_shrink = 1;   // 1, 2, 4 or 8
    double webp_scale = 1; // 1 = full size
    core::Size loaded;     // stored-orientation size the loader will produce
};

// `scale` is output size / full size (below 1 for a downscale). With `fast`, JPEGs shrink as
// far as the scale allows; without it, a factor of two is left for the final resize.
LoadChoice choose_load(const SourceInfo& info, double scale, bool fast);

// Pixels decoded to produce `region` (in displayed full-size coordinates) under `choice`:
// the region's share of the level for tiled sources, the whole level otherwise.
std::int64_t decoded_pixels(const SourceInfo& info, const LoadChoice& choice, core::Rect region);
// Pixels the decoder works through for it, as the header declares them: for tiled sources the
// same, but at least one read unit (a TIFF whose one strip is the whole image is read whole);
// for the rest the whole stored level, whatever the shrink-on-load (a JPEG decoded at 1/8
// still reads every block; a PNG every row).
std::int64_t read_pixels(const SourceInfo& info, const LoadChoice& choice, core::Rect region);

} // namespace pictor::engine
