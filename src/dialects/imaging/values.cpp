#include "dialects/imaging/values.h"

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "core/hex.h"
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

Result<Color> parse_color(std::string_view text) {
    auto fail = [&] {
        return Error::bad_request("'" + std::string(text) +
                                  "' is not a colour (a name, #rrggbb[aa] or rgb(r,g,b))");
    };
    std::string t = core::to_lower(core::trim(text));
    if (!t.empty() && t.front() == '#') {
        std::string h = t.substr(1);
        if (h.size() == 3) h = {h[0], h[0], h[1], h[1], h[2], h[2]};
        if (h.size() != 6 && h.size() != 8) return fail();
        int v[4] = {0, 0, 0, 255};
        for (std::size_t i = 0; i < h.size(); i += 2) {
            int hi = core::hex_value(h[i]), lo = core::hex_value(h[i + 1]);
            if (hi < 0 || lo < 0) return fail();
            v[i / 2] = hi * 16 + lo;
        }
        return Color{v[0], v[1], v[2], v[3]};
    }
    bool rgba = t.rfind("rgba(", 0) == 0;
    if ((rgba || t.rfind("rgb(", 0) == 0) && t.back() == ')') {
        std::string inner = t.substr(rgba ? 5 : 4, t.size() - (rgba ? 6 : 5));
        std::vector<std::string> parts;
        std::size_t start = 0;
        while (true) {
            auto comma = inner.find(',', start);
            parts.emplace_back(core::trim(std::string_view(inner).substr(start, comma - start)));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (parts.size() != (rgba ? 4u : 3u)) return fail();
        int v[3];
        for (int i = 0; i < 3; ++i) {
            auto n = number(parts[i], "colour channel");
            if (!n || *n < 0 || *n > 255 || *n != std::floor(*n)) return fail();
            v[i] = static_cast<int>(*n);
        }
        int alpha = 255;
        if (rgba) {
            auto a = number(parts[3], "alpha");
            if (!a || *a < 0 || *a > 1) return fail();
            alpha = static_cast<int>(std::lround(*a * 255));
        }
        return Color{v[0], v[1], v[2], alpha};
    }
    static const std::pair<const char*, Color> names[] = {
        {"black", {0, 0, 0}},         {"white", {255, 255, 255}}, {"red", {255, 0, 0}},
        {"lime", {0, 255, 0}},        {"green", {0, 128, 0}},     {"blue", {0, 0, 255}},
        {"yellow", {255, 255, 0}},    {"cyan", {0, 255, 255}},    {"aqua", {0, 255, 255}},
        {"magenta", {255, 0, 255}},   {"fuchsia", {255, 0, 255}}, {"silver", {192, 192, 192}},
        {"gray", {128, 128, 128}},    {"grey", {128, 128, 128}},  {"maroon", {128, 0, 0}},
        {"olive", {128, 128, 0}},     {"purple", {128, 0, 128}},  {"teal", {0, 128, 128}},
        {"navy", {0, 0, 128}},        {"orange", {255, 165, 0}},  {"tomato", {255, 99, 71}},
        {"transparent", {0, 0, 0, 0}}};
    for (const auto& [name, c] : names)
        if (t == name) return c;
    return fail();
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
