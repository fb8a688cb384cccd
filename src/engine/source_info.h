#pragma once
// What the engine learns from a source's header, without decoding pixels.
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/image_format.h"

namespace pictor::engine {

enum class LevelKind { None, Page, SubIfd };

struct SourceInfo {
    core::ImageFormat format = core::ImageFormat::Jpeg;
    core::Size stored;   // as stored in the file
    core::Size size;     // as displayed, after EXIF orientation
    int orientation = 1; // EXIF 1..8
    bool has_alpha = false;
    bool has_icc = false; // an embedded colour profile (converted to sRGB when rendered)
    bool tiled = false;   // random access to a region is cheap
    // The least a decoder reads to get any pixel of a region: a TIFF's tile, or a strip of the
    // full width (one strip may hold the whole image). Empty: not known, not relevant.
    core::Size read_unit;
    LevelKind level_kind = LevelKind::None;
    std::vector<core::Size> levels; // stored sizes of reduced levels, largest first, [0] = stored
};

// EXIF orientations 5..8 swap width and height.
inline bool orientation_swaps_axes(int orientation) { return orientation >= 5 && orientation <= 8; }

} // namespace pictor::engine
