#pragma once
// The `sizes` list of a tiled info.json, made safe for OpenSeadragon 5 (bundled by Mirador 4):
// when the number of sizes equals the number of tile levels, or one less, OpenSeadragon 5
// takes the sizes for the levels of the pyramid and asks for stretched tiles (fixed in 6).
// A list it would misread is completed with the levels' own sizes, so it is either exactly
// the levels (read right) or longer than the levels (not read as levels at all).
#include <functional>
#include <vector>

#include "core/geometry.h"

namespace pictor::dialects::iiif {

// The size of each tile level, ascending: the image divided by each scale factor, rounded up
// (as OpenSeadragon computes a level's size).
std::vector<core::Size> level_sizes(core::Size image, const std::vector<int>& scale_factors);

// True when OpenSeadragon 5 would read `sizes` as the levels and they are not exactly them.
bool misread_as_levels(const std::vector<core::Size>& sizes, core::Size image,
                       const std::vector<int>& scale_factors);

// `sizes` (the thumbnails a client may ask for) with level sizes added until OpenSeadragon 5
// cannot misread it, ascending by area. Only levels that `fits` (the service's bounds) are
// added; if those are not enough, successively halved sizes below the smallest are added.
std::vector<core::Size> sizes_for_viewers(std::vector<core::Size> sizes, core::Size image,
                                          const std::vector<int>& scale_factors,
                                          const std::function<bool(core::Size)>& fits);

} // namespace pictor::dialects::iiif
