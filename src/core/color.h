#pragma once
#include <cstdint>

namespace pictor::core {

// An sRGB colour with alpha, 0..255 per channel.
struct Rgba {
    int r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Rgba&) const = default;
};

} // namespace pictor::core
