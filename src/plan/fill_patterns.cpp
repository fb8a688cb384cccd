#include "plan/fill_patterns.h"

#include <cctype>
#include <map>
#include <stdexcept>

#include "plan/fill_pattern_bitmaps.h"

namespace pictor::plan {
namespace {

// The seed's descriptions; each gets the tile's size appended.
const std::map<std::string_view, std::string_view> kDescriptions = {
    {"BRICKS", "brick pattern"},
    {"CHECKERBOARD", "checkerboard"},
    {"CIRCLES", "circles pattern"},
    {"CROSSHATCH", "crosshatch pattern"},
    {"CROSSHATCH30", "crosshatch pattern with lines at 30 degrees"},
    {"CROSSHATCH45", "crosshatch pattern with lines at 45 degrees"},
    {"FISHSCALES", "fish scales pattern"},
    {"HEXAGONS", "hexagon pattern"},
    {"HORIZONTAL", "horizontal line pattern"},
    {"HORIZONTAL2", "horizontal line pattern"},
    {"HORIZONTAL3", "horizontal line pattern"},
    {"HORIZONTALSAW", "horizontal saw-tooth pattern"},
    {"HS_BDIAGONAL", "backward diagonal line pattern (45 degrees slope)"},
    {"HS_CROSS", "cross line pattern"},
    {"HS_DIAGCROSS", "diagonal line cross pattern (45 degrees slope)"},
    {"HS_FDIAGONAL", "forward diagonal line pattern (45 degrees slope)"},
    {"HS_HORIZONTAL", "horizontal line pattern"},
    {"HS_VERTICAL", "vertical line pattern"},
    {"LEFT30", "forward diagonal pattern (30 degrees slope)"},
    {"LEFT45", "forward diagonal pattern (45 degrees slope)"},
    {"LEFTSHINGLE", "left shingle pattern"},
    {"OCTAGONS", "octagons pattern"},
    {"RIGHT30", "backward diagonal line pattern (30 degrees)"},
    {"RIGHT45", "backward diagonal line pattern (45 degrees)"},
    {"RIGHTSHINGLE", "right shingle pattern"},
    {"SMALLFISHSCALES", "small fish scales pattern"},
    {"VERTICAL", "vertical line pattern"},
    {"VERTICAL2", "vertical line pattern"},
    {"VERTICAL3", "vertical line pattern"},
    {"VERTICALBRICKS", "vertical brick pattern"},
    {"VERTICALLEFTSHINGLE", "vertical left shingle pattern"},
    {"VERTICALRIGHTSHINGLE", "vertical right shingle pattern"},
    {"VERTICALSAW", "vertical saw-tooth pattern"},
};

std::string describe(std::string_view name, int width, int height) {
    std::string text;
    if (name.starts_with("GRAY"))
        text = std::string(name.substr(4)) + "% intensity gray";
    else
        text = std::string(kDescriptions.at(name));
    return text + ", " + std::to_string(width) + "×" + std::to_string(height);
}

std::uint8_t coverage_of(char pixel) {
    switch (pixel) {
    case '#': return 255; // black
    case 'x': return 153; // grey40
    case 'o': return 102; // grey60
    case '.': return 0;   // white
    }
    throw std::logic_error(std::string("fill_pattern_bitmaps: unknown pixel '") + pixel + "'");
}

PatternTile expand(const detail::PatternBitmap& b) {
    PatternTile t;
    t.name = std::string(b.name);
    t.description = describe(b.name, b.width, b.height);
    t.width = b.width;
    t.height = b.height;
    t.coverage.reserve(static_cast<std::size_t>(b.width) * b.height);
    for (int y = 0; y < b.height; ++y) {
        std::string_view row = b.rows[y % b.rows.size()];
        for (int x = 0; x < b.width; ++x)
            t.coverage.push_back(coverage_of(row[x % row.size()]));
    }
    return t;
}

std::vector<PatternTile> build() {
    std::vector<PatternTile> out;
    for (const auto& bitmap : detail::pattern_bitmaps())
        out.push_back(expand(bitmap));
    return out;
}

} // namespace

const std::vector<PatternTile>& fill_patterns() {
    static const std::vector<PatternTile> patterns = build();
    return patterns;
}

const PatternTile* find_fill_pattern(std::string_view name) {
    std::string key;
    for (char c : name)
        key.push_back(c == ' ' ? '_'
                               : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    for (const auto& p : fill_patterns())
        if (p.name == key) return &p;
    return nullptr;
}

} // namespace pictor::plan
