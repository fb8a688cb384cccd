#pragma once
// The 54 named fill patterns of the imaging actions (ImageMagick's built-in pattern
// names): small one-bit tiles, drawn here once and tiled over the image by the engine.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pictor::plan {

struct PatternTile {
    std::string name; // canonical, upper case: "HS_DIAGCROSS"
    std::string description;
    int width = 0, height = 0;
    std::vector<std::uint8_t> ink; // width * height, row-major; 1 = painted
};

// All patterns, in Wedia's order.
const std::vector<PatternTile>& fill_patterns();
// Case-insensitive; a space may stand for the underscore ("hs bdiagonal"). Null if unknown.
const PatternTile* find_fill_pattern(std::string_view name);

} // namespace pictor::plan
