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
    // Degrees by default; CSS's angle units otherwise (a full turn: 360deg, 2π rad, 400 grad,
    // 1 turn).
    struct Unit {
        std::string_view suffix;
        double degrees;
    };
    constexpr double kPi = 3.14159265358979323846;
    double scale = 1;
    for (auto unit : {Unit{"deg", 1}, Unit{"grad", 0.9}, Unit{"rad", 180 / kPi}, Unit{"turn", 360}})
        if (text.size() > unit.suffix.size() && text.ends_with(unit.suffix)) {
            text.remove_suffix(unit.suffix.size());
            scale = unit.degrees;
            break;
        }
    auto v = number(text, "angle");
    if (!v) return v.error();
    *v *= scale;
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

Result<core::Size> parse_density(std::string_view text) {
    auto x = text.find('x');
    auto h = number(text.substr(0, x), "density");
    auto v = x == std::string_view::npos ? h : number(text.substr(x + 1), "density");
    if (!h) return h.error();
    if (!v) return v.error();
    if (*h < 1 || *h > 10000 || *v < 1 || *v > 10000)
        return Error::bad_request("density must be from 1 to 10000 DPI");
    return core::Size{static_cast<int>(std::lround(*h)), static_cast<int>(std::lround(*v))};
}

Result<std::pair<double, double>> parse_shade(std::string_view text) {
    auto x = text.find('x');
    if (x == std::string_view::npos)
        return Error::bad_request("shade is AZIMUTHxELEVATION, e.g. 45x30");
    auto azimuth = number(text.substr(0, x), "azimuth");
    auto elevation = number(text.substr(x + 1), "elevation");
    if (!azimuth) return azimuth.error();
    if (!elevation) return elevation.error();
    if (*azimuth < 0 || *azimuth > 360 || *elevation < 0 || *elevation > 90)
        return Error::bad_request("shade's azimuth is 0..360 and its elevation 0..90 degrees");
    return std::pair{*azimuth, *elevation};
}

Result<std::array<double, 3>> parse_percents(std::string_view text) {
    std::vector<double> values;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find_first_of(",|", start);
        if (end == std::string_view::npos) end = text.size();
        auto v = number(core::trim(text.substr(start, end - start)), "percent");
        if (!v) return v.error();
        if (*v < 1 || *v > 100) return Error::bad_request("percents are from 1 to 100");
        values.push_back(*v / 100.0);
        start = end + 1;
    }
    if (values.size() == 1) return std::array<double, 3>{values[0], values[0], values[0]};
    if (values.size() == 3) return std::array<double, 3>{values[0], values[1], values[2]};
    return Error::bad_request("give one percent or three (red, green, blue)");
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

} // namespace pictor::dialects::imaging
