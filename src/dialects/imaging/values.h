#pragma once
// The value types of imaging commands (Wedia's imaging API): dimensions in px, percent (`%` or `p`)
// or fractions; angles; factors; gravity.
#include <array>
#include <string_view>
#include <utility>

#include "core/color.h"
#include "core/geometry.h"
#include "core/gravity.h"
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
// Degrees ("45", "45deg"), other CSS angle units ("1rad", "50grad", "0.25turn"), or "left" (-90)
// / "right" (90).
core::Result<double> parse_angle(std::string_view text);
// A positive number.
core::Result<double> parse_factor(std::string_view text);

using Color = core::Rgba;
// A colour name (CSS's basic names, "transparent"), #rgb, #rrggbb, #rrggbbaa, rgb(r,g,b) or
// rgba(r,g,b,alpha 0..1).
core::Result<Color> parse_color(std::string_view text);

// Resolution in DPI: "300" or "300x150" (horizontal x vertical), 1..10000.
core::Result<core::Size> parse_density(std::string_view text);
// Shade's light source "AZIMUTHxELEVATION" in degrees: azimuth 0..360, elevation 0..90.
core::Result<std::pair<double, double>> parse_shade(std::string_view text);
// Colorize's blend: one percent 1..100 for every channel, or three ("50,25,70", "50|25|70");
// as fractions 0..1, red, green, blue.
core::Result<std::array<double, 3>> parse_percents(std::string_view text);

using Gravity = core::Gravity;
core::Result<Gravity> parse_gravity(std::string_view text);

} // namespace pictor::dialects::imaging
