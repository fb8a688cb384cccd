#pragma once
// The value types of imaging commands (seed 004): dimensions in px, percent (`%` or `p`) or
// fractions; angles; factors; gravity.
#include <string_view>

#include "core/geometry.h"
#include "core/result.h"

namespace pictor::dialects::imaging {

struct Dimension {
    enum class Kind { Pixels, Percent, Fraction };
    Kind kind = Kind::Pixels;
    double value = 0;
    // In pixels, relative values taken of `reference` (the width or height it measures).
    int resolve(int reference) const;
};

// "100" px, "10%" or "10p" percent, "0.25" a fraction (a number between 0 and 1).
core::Result<Dimension> parse_dimension(std::string_view text);
// Degrees, or "left" (-90) / "right" (90).
core::Result<double> parse_angle(std::string_view text);
// A positive number.
core::Result<double> parse_factor(std::string_view text);

struct Color {
    int r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Color&) const = default;
};
// A colour name (CSS's basic names, "transparent"), #rgb, #rrggbb, #rrggbbaa, rgb(r,g,b) or
// rgba(r,g,b,alpha 0..1).
core::Result<Color> parse_color(std::string_view text);

enum class Gravity { NorthWest, North, NorthEast, West, Center, East, SouthWest, South, SouthEast };
core::Result<Gravity> parse_gravity(std::string_view text);
// Where a box of `inner` size goes inside `outer` for a gravity (offsets not included).
core::Rect place(Gravity gravity, core::Size outer, core::Size inner);

} // namespace pictor::dialects::imaging
