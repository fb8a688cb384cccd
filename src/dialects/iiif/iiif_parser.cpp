#include "dialects/iiif/iiif_parser.h"

#include <charconv>
#include <optional>
#include <vector>

namespace pictor::dialects::iiif {
namespace {

using core::Error;
using core::Result;

constexpr std::size_t kMaxIntDigits = 9; // keeps every pixel value far from int overflow

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t pos = s.find(sep, start);
        parts.push_back(s.substr(start, pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return parts;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// Non-negative integer: digits only, no sign, at most kMaxIntDigits.
std::optional<int> parse_uint(std::string_view s) {
    if (!all_digits(s) || s.size() > kMaxIntDigits) return std::nullopt;
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

// Non-negative decimal: digits with at most one '.', digits on both sides. No sign, exponent,
// NaN or infinity.
std::optional<double> parse_decimal(std::string_view s) {
    if (s.empty() || s.size() > 20) return std::nullopt;
    auto dot = s.find('.');
    if (dot == std::string_view::npos) {
        if (!all_digits(s)) return std::nullopt;
    } else if (!all_digits(s.substr(0, dot)) || !all_digits(s.substr(dot + 1))) {
        return std::nullopt;
    }
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

Error bad_region(std::string_view text, std::string_view why) {
    return Error::bad_request("invalid region '" + std::string(text) + "': " + std::string(why));
}

Error bad_size(std::string_view text, std::string_view why) {
    return Error::bad_request("invalid size '" + std::string(text) + "': " + std::string(why));
}

} // namespace

const char* to_string(Quality q) {
    switch (q) {
    case Quality::Default: return "default";
    case Quality::Color: return "color";
    case Quality::Gray: return "gray";
    case Quality::Bitonal: return "bitonal";
    }
    return "default";
}

Result<RegionSpec> parse_region(std::string_view text) {
    RegionSpec r;
    if (text == "full") return r;
    if (text == "square") {
        r.kind = RegionSpec::Kind::Square;
        return r;
    }
    std::string_view body = text;
    bool percent = body.rfind("pct:", 0) == 0;
    if (percent) body.remove_prefix(4);
    auto parts = split(body, ',');
    if (parts.size() != 4) return bad_region(text, "expected x,y,w,h");
    double v[4];
    for (int i = 0; i < 4; ++i) {
        auto n = percent ? parse_decimal(parts[i]) : std::optional<double>(parse_uint(parts[i]));
        if (!n)
            return bad_region(text, percent ? "values must be non-negative decimals"
                                            : "values must be non-negative integers");
        v[i] = *n;
    }
    if (v[2] <= 0 || v[3] <= 0) return bad_region(text, "width and height must be above zero");
    if (percent && (v[0] > 100 || v[1] > 100 || v[2] > 100 || v[3] > 100))
        return bad_region(text, "percentages must not exceed 100");
    r.kind = percent ? RegionSpec::Kind::Percent : RegionSpec::Kind::Pixels;
    r.x = v[0], r.y = v[1], r.w = v[2], r.h = v[3];
    return r;
}

Result<SizeSpec> parse_size(std::string_view text, Version version) {
    SizeSpec s;
    std::string_view body = text;
    if (!body.empty() && body.front() == '^') {
        if (version == Version::V2) return bad_size(text, "'^' is not part of IIIF 2.1");
        s.upscale = true;
        body.remove_prefix(1);
    }
    if (body == "max") return s;
    if (body == "full") {
        if (version == Version::V3) return bad_size(text, "'full' is not valid in 3.0, use 'max'");
        if (s.upscale) return bad_size(text, "'^full' is not valid");
        s.kind = SizeSpec::Kind::Full;
        return s;
    }
    if (body.rfind("pct:", 0) == 0) {
        auto p = parse_decimal(body.substr(4));
        if (!p) return bad_size(text, "percentage must be a non-negative decimal");
        if (*p <= 0) return bad_size(text, "percentage must be above zero");
        if (*p > 100 && version == Version::V3 && !s.upscale)
            return bad_size(text, "percentage above 100 needs '^'");
        s.kind = SizeSpec::Kind::Percent;
        s.percent = *p;
        return s;
    }
    bool confined = !body.empty() && body.front() == '!';
    if (confined) body.remove_prefix(1);
    auto parts = split(body, ',');
    if (parts.size() != 2) return bad_size(text, "expected w,h, w, ,h, !w,h, pct:n or max");
    auto w = parts[0].empty() ? std::optional<int>(0) : parse_uint(parts[0]);
    auto h = parts[1].empty() ? std::optional<int>(0) : parse_uint(parts[1]);
    if (!w || !h) return bad_size(text, "width and height must be non-negative integers");
    if ((parts[0].empty() && parts[1].empty()))
        return bad_size(text, "expected a width, a height or both");
    if ((!parts[0].empty() && *w == 0) || (!parts[1].empty() && *h == 0))
        return bad_size(text, "width and height must be above zero");
    if (confined && (parts[0].empty() || parts[1].empty()))
        return bad_size(text, "'!w,h' needs both a width and a height");
    s.width = *w;
    s.height = *h;
    if (confined)
        s.kind = SizeSpec::Kind::Confined;
    else if (parts[1].empty())
        s.kind = SizeSpec::Kind::Width;
    else if (parts[0].empty())
        s.kind = SizeSpec::Kind::Height;
    else
        s.kind = SizeSpec::Kind::Exact;
    return s;
}

Result<RotationSpec> parse_rotation(std::string_view text) {
    RotationSpec r;
    std::string_view body = text;
    if (!body.empty() && body.front() == '!') {
        r.mirror = true;
        body.remove_prefix(1);
    }
    auto d = parse_decimal(body);
    if (!d || *d > 360)
        return Error::bad_request("invalid rotation '" + std::string(text) +
                                  "': expected degrees from 0 to 360, optionally after '!'");
    r.degrees = *d;
    return r;
}

Result<ImageRequest> parse_quality_format(std::string_view text, ImageRequest base) {
    auto dot = text.rfind('.');
    if (dot == std::string_view::npos)
        return Error::bad_request("invalid quality and format '" + std::string(text) +
                                  "': expected quality.format");
    std::string_view q = text.substr(0, dot);
    std::string_view f = text.substr(dot + 1);
    if (q == "default")
        base.quality = Quality::Default;
    else if (q == "color")
        base.quality = Quality::Color;
    else if (q == "gray")
        base.quality = Quality::Gray;
    else if (q == "bitonal")
        base.quality = Quality::Bitonal;
    else
        return Error::bad_request("invalid quality '" + std::string(q) + "'");
    auto format = core::format_from_extension(f);
    // IIIF names formats by one extension only ("jpg", "tif").
    if (!format || core::extension(*format) != f)
        return Error::bad_request("unsupported format '" + std::string(f) + "'");
    base.format = *format;
    return base;
}

Result<ImageRequest> parse_image_request(std::string_view region, std::string_view size,
                                         std::string_view rotation, std::string_view quality_format,
                                         Version version) {
    ImageRequest req;
    auto r = parse_region(region);
    if (!r) return r.error();
    auto s = parse_size(size, version);
    if (!s) return s.error();
    auto rot = parse_rotation(rotation);
    if (!rot) return rot.error();
    req.region = *r;
    req.size = *s;
    req.rotation = *rot;
    return parse_quality_format(quality_format, req);
}

} // namespace pictor::dialects::iiif
