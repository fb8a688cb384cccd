#pragma once
// The 54 named fill patterns of the imaging actions: ImageMagick's built-in patterns, pixel for
// pixel as its pattern coder draws them, tiled over the image by the engine.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pictor::plan {

struct PatternTile {
    std::string name; // canonical, upper case: "HS_DIAGCROSS"
    std::string description;
    int width = 0, height = 0;
    // width * height, row-major: how much of the fill colour each pixel takes, 0..255. It is
    // ImageMagick's darkness (255 minus its grey): black ink paints, white paper leaves the image,
    // CHECKERBOARD's grey40 and grey60 squares paint 60 % and 40 %.
    std::vector<std::uint8_t> coverage;
};

// All patterns, in Wedia's order.
const std::vector<PatternTile>& fill_patterns();
// Case-insensitive; a space may stand for the underscore ("hs bdiagonal"). Null if unknown.
const PatternTile* find_fill_pattern(std::string_view name);

} // namespace pictor::plan
