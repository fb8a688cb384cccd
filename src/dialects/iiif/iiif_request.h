#pragma once
// A parsed but unresolved IIIF image request: what the URL says, before the image size is known.
#include "core/image_format.h"

namespace pictor::dialects::iiif {

enum class Version { V2, V3 };

struct RegionSpec {
    enum class Kind { Full, Square, Pixels, Percent };
    Kind kind = Kind::Full;
    double x = 0, y = 0, w = 0, h = 0; // pixels or percent, by kind
};

struct SizeSpec {
    enum class Kind { Max, Full, Width, Height, Percent, Exact, Confined };
    Kind kind = Kind::Max;
    bool upscale = false; // 3.0 `^`
    int width = 0;
    int height = 0;
    double percent = 0;
};

struct RotationSpec {
    bool mirror = false;
    double degrees = 0; // 0..360
};

enum class Quality { Default, Color, Gray, Bitonal };

struct ImageRequest {
    RegionSpec region;
    SizeSpec size;
    RotationSpec rotation;
    Quality quality = Quality::Default;
    core::ImageFormat format = core::ImageFormat::Jpeg;
};

const char* to_string(Quality q);

} // namespace pictor::dialects::iiif
