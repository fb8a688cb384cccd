#include "dialects/converter/request_format.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <tuple>

#include "core/text.h"

namespace pictor::dialects::converter {

using core::Error;
using core::Result;
using core::Size;

namespace {

constexpr int kMaxEdge = 100000;

Result<int> parse_int(std::string_view s, std::string_view what) {
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size())
        return Error::bad_request(std::string(what) + " '" + std::string(s) + "' is not a number");
    return v;
}

// A box edge as OX reads it: empty, zero or negative means "any" (-1).
Result<int> parse_edge(std::string_view s, std::string_view what) {
    if (s.empty()) return -1;
    auto v = parse_int(s, what);
    if (!v) return v;
    if (*v <= 0) return -1;
    if (*v > kMaxEdge)
        return Error::bad_request(std::string(what) + " must be at most " +
                                  std::to_string(kMaxEdge));
    return v;
}

// OX's loose scale-type keywords: "cov…" is cover, "cov…crop…" coverandcrop (a bare "crop" is
// not: OX needs the "cov" prefix), "…force…" or "…dimension…" containforcedimension,
// "contain…" and "auto" contain.
std::optional<ScaleType> scale_of(std::string_view word) {
    if (word.starts_with("cov"))
        return word.find("crop") != std::string_view::npos ? ScaleType::CoverAndCrop
                                                           : ScaleType::Cover;
    if (word.find("force") != std::string_view::npos ||
        word.find("dimension") != std::string_view::npos)
        return ScaleType::ContainForceDimension;
    if (word.starts_with("contain") || word == "auto") return ScaleType::Contain;
    return std::nullopt;
}

bool is_type_name(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

TargetType type_of(std::string_view name) {
    if (name == "auto") return TargetType::Auto;
    if (name == "png") return TargetType::Png;
    if (name == "webp") return TargetType::Webp;
    return TargetType::Jpeg; // jpg, jpeg, and (as in OX) any unknown name
}

const char* type_name(TargetType t) {
    switch (t) {
    case TargetType::Auto: return "auto";
    case TargetType::Jpeg: return "jpg";
    case TargetType::Png: return "png";
    case TargetType::Webp: return "webp";
    }
    return "auto";
}

const char* scale_name(ScaleType s) {
    switch (s) {
    case ScaleType::Contain: return "contain";
    case ScaleType::ContainForceDimension: return "containforcedimension";
    case ScaleType::Cover: return "cover";
    case ScaleType::CoverAndCrop: return "coverandcrop";
    }
    return "contain";
}

int scale_rank(ScaleType s) {
    switch (s) {
    case ScaleType::Contain: return 1;
    case ScaleType::ContainForceDimension: return 2;
    case ScaleType::Cover: return 4;
    case ScaleType::CoverAndCrop: return 5;
    }
    return 1;
}

int round_px(double v) { return std::max(1, static_cast<int>(std::lround(v))); }

} // namespace

std::string RequestFormat::canonical() const {
    std::string out = std::string(type_name(type)) + ":" + std::to_string(width) + "x" +
                      std::to_string(height) + "~" + scale_name(scale);
    if (!rotate) out += "~norotate";
    if (expand) out += "~expand";
    return out + "@" + std::to_string(quality);
}

Result<RequestFormat> parse_request_format(std::string_view text) {
    if (text.size() > 200) return Error::bad_request("request format too long");
    std::string lower = core::to_lower(core::trim(text)); // OX trims and lower-cases
    std::string_view s = lower;
    RequestFormat f;
    // Without a colon OX reads a bare type name ("jpg", "auto": the source's size) or a bare box
    // ("200x150": a JPEG).
    auto colon = s.find(':');
    if (colon == std::string_view::npos) {
        if (is_type_name(s)) {
            f.type = type_of(s);
            return f;
        }
        f.type = TargetType::Jpeg;
    } else {
        f.type = type_of(s.substr(0, colon));
        s.remove_prefix(colon + 1);
    }
    if (auto at = s.find('@'); at != std::string_view::npos) {
        // OX clamps the quality into 1..100 and, when it cannot read one, keeps its default.
        auto q = parse_int(s.substr(at + 1), "quality");
        if (q) f.quality = std::clamp(*q, 1, 100);
        s = s.substr(0, at);
    }
    // The box ends at the first '~', or at a '-' before a word (older OX versions separated
    // the scale type with '-'; "-1" is still a size).
    std::size_t end = 0;
    while (end < s.size() && s[end] != '~' &&
           !(s[end] == '-' && end + 1 < s.size() &&
             std::isalpha(static_cast<unsigned char>(s[end + 1]))))
        ++end;
    std::string_view dims = s.substr(0, end);
    auto x = dims.find('x'); // a single number is a width
    auto w = parse_edge(dims.substr(0, x), "width");
    if (!w) return w.error();
    auto h =
        parse_edge(x == std::string_view::npos ? std::string_view{} : dims.substr(x + 1), "height");
    if (!h) return h.error();
    f.width = *w;
    f.height = *h;
    // Flags in any order, as OX reads them: a later one wins over an earlier one of its kind,
    // and a word it does not know is passed over.
    std::string_view flags = s.substr(end);
    while (!flags.empty()) {
        flags.remove_prefix(1); // the '~' or '-'
        auto next = flags.find_first_of("~-");
        std::string_view word = flags.substr(0, next);
        flags = next == std::string_view::npos ? std::string_view{} : flags.substr(next);
        if (word == "norotate" || word == "autorotate")
            f.rotate = word == "autorotate";
        else if (word == "expand" || word == "shrinkonly")
            f.expand = word == "expand";
        else if (auto scale = scale_of(word))
            f.scale = *scale;
    }
    return f;
}

Result<std::vector<RequestFormat>> parse_request_formats(std::string_view text) {
    std::vector<RequestFormat> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find_first_of(",;", start);
        if (end == std::string_view::npos) end = text.size();
        auto item = core::trim(text.substr(start, end - start));
        if (!item.empty()) {
            // A configured entry is written out whole; the bare forms are for requests.
            if (item.find(':') == std::string_view::npos)
                return Error::bad_request("'" + std::string(item) +
                                          "' is not FORMAT:WxH[~SCALE][~norotate][~expand][@Q]");
            auto f = parse_request_format(item);
            if (!f) return f.error();
            out.push_back(*f);
        }
        start = end + 1;
    }
    if (out.empty()) return Error::bad_request("no request format given");
    return out;
}

TargetGeometry target_geometry(const RequestFormat& f, Size src) {
    double sx = f.width > 0 ? static_cast<double>(f.width) / src.width : 0;
    double sy = f.height > 0 ? static_cast<double>(f.height) / src.height : 0;
    bool cover = f.scale == ScaleType::Cover || f.scale == ScaleType::CoverAndCrop;
    double s = 1;
    if (sx > 0 && sy > 0)
        s = cover ? std::max(sx, sy) : std::min(sx, sy);
    else if (sx > 0 || sy > 0)
        s = std::max(sx, sy);
    if (!f.expand) s = std::min(s, 1.0);
    Size resized{round_px(src.width * s), round_px(src.height * s)};
    Size canvas = resized;
    if (f.scale == ScaleType::ContainForceDimension || f.scale == ScaleType::CoverAndCrop) {
        if (f.width > 0) canvas.width = f.width;
        if (f.height > 0) canvas.height = f.height;
    }
    return {resized, canvas};
}

std::optional<std::size_t> best_match(const RequestFormat& wanted,
                                      const std::vector<RequestFormat>& stored, Size source) {
    auto area = [&](const RequestFormat& f) { return target_geometry(f, source).canvas.area(); };
    auto key = [&](const RequestFormat& f) {
        // Ties (a small source gives several boxes the same output) go to the nearest box,
        // then the nearest quality, so an exact format always wins.
        return std::tuple{std::llabs(area(f) - area(wanted)),
                          f.type != wanted.type,
                          std::abs(scale_rank(f.scale) - scale_rank(wanted.scale)),
                          f.expand != wanted.expand,
                          f.rotate != wanted.rotate,
                          std::abs(f.width - wanted.width) + std::abs(f.height - wanted.height),
                          std::abs(f.quality - wanted.quality)};
    };
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < stored.size(); ++i)
        if (!best || key(stored[i]) < key(stored[*best])) best = i;
    return best;
}

} // namespace pictor::dialects::converter
