#include "dialects/imaging/values.h"

#include <charconv>
#include <cmath>

#include "core/text.h"

namespace pictor::dialects::imaging {

using core::Error;
using core::Result;

namespace {

Result<double> number(std::string_view s, std::string_view what) {
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v))
        return Error::bad_request(std::string(what) + " '" + std::string(s) + "' is not a number");
    return v;
}

} // namespace

int Dimension::resolve(int reference) const {
    switch (kind) {
    case Kind::Pixels: return static_cast<int>(std::lround(value));
    case Kind::Percent: return static_cast<int>(std::lround(reference * value / 100.0));
    case Kind::Fraction: return static_cast<int>(std::lround(reference * value));
    }
    return 0;
}

Result<Dimension> parse_dimension(std::string_view text) {
    Dimension d;
    std::string_view n = text;
    if (!n.empty() && (n.back() == '%' || n.back() == 'p')) {
        d.kind = Dimension::Kind::Percent;
        n.remove_suffix(1);
    }
    auto v = number(n, "dimension");
    if (!v) return v.error();
    if (std::abs(*v) > 1e6)
        return Error::bad_request("dimension '" + std::string(text) + "' is too large");
    d.value = *v;
    if (d.kind == Dimension::Kind::Pixels && *v > 0 && *v < 1) d.kind = Dimension::Kind::Fraction;
    return d;
}

Result<double> parse_angle(std::string_view text) {
    if (text == "left") return -90.0;
    if (text == "right") return 90.0;
    auto v = number(text, "angle");
    if (!v) return v.error();
    if (std::abs(*v) > 36000)
        return Error::bad_request("angle '" + std::string(text) + "' is too large");
    return *v;
}

Result<double> parse_factor(std::string_view text) {
    auto v = number(text, "factor");
    if (!v) return v.error();
    if (*v <= 0 || *v > 100) return Error::bad_request("factor must be above 0 and at most 100");
    return *v;
}

Result<Gravity> parse_gravity(std::string_view text) {
    std::string t = core::to_lower(text);
    static const std::pair<const char*, Gravity> names[] = {
        {"northwest", Gravity::NorthWest}, {"north", Gravity::North},
        {"northeast", Gravity::NorthEast}, {"west", Gravity::West},
        {"center", Gravity::Center},       {"centre", Gravity::Center},
        {"east", Gravity::East},           {"southwest", Gravity::SouthWest},
        {"south", Gravity::South},         {"southeast", Gravity::SouthEast}};
    for (const auto& [name, g] : names)
        if (t == name) return g;
    return Error::bad_request("unknown gravity '" + std::string(text) +
                              "' (northwest … southeast, center)");
}

core::Rect place(Gravity g, core::Size outer, core::Size inner) {
    int col = 0, row = 0; // 0 start, 1 middle, 2 end
    switch (g) {
    case Gravity::NorthWest: break;
    case Gravity::North: col = 1; break;
    case Gravity::NorthEast: col = 2; break;
    case Gravity::West: row = 1; break;
    case Gravity::Center: col = row = 1; break;
    case Gravity::East: col = 2, row = 1; break;
    case Gravity::SouthWest: row = 2; break;
    case Gravity::South: col = 1, row = 2; break;
    case Gravity::SouthEast: col = row = 2; break;
    }
    auto offset = [](int where, int outer_len, int inner_len) {
        return where == 0 ? 0 : where == 1 ? (outer_len - inner_len) / 2 : outer_len - inner_len;
    };
    return {offset(col, outer.width, inner.width), offset(row, outer.height, inner.height),
            inner.width, inner.height};
}

} // namespace pictor::dialects::imaging
