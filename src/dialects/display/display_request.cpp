#include "dialects/display/display_request.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/text.h"
#include "dialects/common/accept.h"
#include "dialects/common/query_params.h"

namespace pictor::dialects::display {
namespace {

using core::Error;
using core::ImageFormat;
using core::Result;

Result<int> integer_in(std::string_view name, std::string_view value, int lo, int hi) {
    int n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (value.empty() || ec != std::errc{} || end != value.data() + value.size())
        return Error::bad_request("'" + std::string(name) + "' must be a whole number, got '" +
                                  std::string(value) + "'");
    if (n < lo || n > hi)
        return Error::bad_request("'" + std::string(name) + "' must be between " +
                                  std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
                                  std::to_string(n));
    return n;
}

// OpenAtlas' API shares `format` across endpoints for its data formats (Linked Places,
// GeoJSON, RDF serialisations). A client that adds one to a display URL gets the image as if
// the parameter were absent, as OpenAtlas itself ignores it there.
bool openatlas_data_format(std::string_view v) {
    for (std::string_view f :
         {"lp", "geojson", "geojson-v2", "loud", "pretty-xml", "n3", "turtle", "nt", "xml"})
        if (v == f) return true;
    return false;
}

Result<FormatChoice> format_choice(std::string_view value) {
    std::string v = core::to_lower(value);
    if (v == "jpg" || v == "jpeg") return FormatChoice::Jpeg;
    if (v == "png") return FormatChoice::Png;
    if (v == "webp") return FormatChoice::Webp;
    if (v == "avif") return FormatChoice::Avif;
    if (v == "auto") return FormatChoice::Auto;
    if (openatlas_data_format(v)) return FormatChoice::Source;
    return Error::bad_request("'format' must be one of jpg, png, webp, avif, auto (or one of "
                              "OpenAtlas' data formats, which have no effect here), got '" +
                              std::string(value) + "'");
}

// OpenAtlas' shared true/false parameters, case-insensitive.
Result<bool> true_or_false(std::string_view name, std::string_view value) {
    std::string v = core::to_lower(value);
    if (v != "true" && v != "false")
        return Error::bad_request("'" + std::string(name) + "' must be true or false, got '" +
                                  std::string(value) + "'");
    return v == "true";
}

// One rounding rule for every scaled edge: nearest pixel, at least one.
int scaled(int edge, double factor) {
    return std::max(1, static_cast<int>(std::lround(edge * factor)));
}

// Formats every current browser displays; anything else is answered as JPEG by default.
bool browser_displays(ImageFormat f) {
    return f == ImageFormat::Jpeg || f == ImageFormat::Png || f == ImageFormat::Gif ||
           f == ImageFormat::Webp || f == ImageFormat::Avif;
}

} // namespace

Result<DisplayRequest> parse_display_query(std::string_view query, const DisplayOptions& options) {
    auto params = parse_query(query);
    if (!params) return params.error();
    DisplayRequest r;
    std::vector<std::string> sizing; // which sizing parameters were given
    for (const auto& [name, value] : *params) {
        if (name == "image_size") {
            std::string wanted = core::to_lower(value);
            auto it = std::find_if(options.named_sizes.begin(), options.named_sizes.end(),
                                   [&](const auto& s) { return s.first == wanted; });
            if (it == options.named_sizes.end()) {
                std::string names;
                for (const auto& s : options.named_sizes)
                    names += (names.empty() ? "" : ", ") + s.first;
                return Error::bad_request("'image_size' must be one of " + names + ", got '" +
                                          value + "'");
            }
            r.kind = SizeKind::Named;
            r.longest = it->second;
            sizing.push_back(name);
        } else if (name == "size") {
            auto n = integer_in(name, value, 1, 100);
            if (!n) return n.error();
            r.kind = SizeKind::Percent;
            r.percent = *n;
            sizing.push_back(name);
        } else if (name == "hsize" || name == "vsize") {
            auto n = integer_in(name, value, 1, options.max_width);
            if (!n) return n.error();
            r.kind = SizeKind::Box;
            (name == "hsize" ? r.width : r.height) = *n;
            if (std::find(sizing.begin(), sizing.end(), "hsize|vsize") == sizing.end())
                sizing.push_back("hsize|vsize");
        } else if (name == "format") {
            auto f = format_choice(value);
            if (!f) return f.error();
            r.format = *f;
        } else if (name == "download") {
            auto b = true_or_false(name, value);
            if (!b) return b.error();
            r.download = *b;
        } else if (name == "sig" || name == "expires") {
            // A signed URL's signature and expiry (docs/security.md): checked before parsing.
        } else if (name == "count") {
            // Part of OpenAtlas' default parser on every endpoint; no effect on an image.
            auto b = true_or_false(name, value);
            if (!b) return b.error();
        } else {
            return Error::bad_request(
                "unknown parameter '" + name +
                "' (known: image_size, size, hsize, vsize, format, download, count)");
        }
    }
    if (sizing.size() > 1)
        return Error::bad_request("give only one of image_size, size and hsize/vsize");
    return r;
}

core::Size display_size(const DisplayRequest& r, core::Size source) {
    double factor = 1.0;
    switch (r.kind) {
    case SizeKind::Original: return source;
    case SizeKind::Named:
        factor = static_cast<double>(r.longest) / std::max(source.width, source.height);
        break;
    case SizeKind::Percent: factor = r.percent / 100.0; break;
    case SizeKind::Box: {
        double fw = r.width ? static_cast<double>(r.width) / source.width : 1e300;
        double fh = r.height ? static_cast<double>(r.height) / source.height : 1e300;
        factor = std::min(fw, fh);
        // An edge that was asked for exactly is given exactly (no rounding drift).
        if (factor < 1.0 && fw <= fh && r.width) return {r.width, scaled(source.height, fw)};
        if (factor < 1.0 && r.height) return {scaled(source.width, fh), r.height};
        break;
    }
    }
    if (factor >= 1.0) return source;
    return {scaled(source.width, factor), scaled(source.height, factor)};
}

Result<ImageFormat> display_format(const DisplayRequest& r, ImageFormat source,
                                   std::string_view accept, const std::set<ImageFormat>& writable) {
    auto require = [&](ImageFormat f, const char* name) -> Result<ImageFormat> {
        if (!writable.count(f))
            return Error::bad_request(std::string("format ") + name +
                                      " is not available on this server");
        return f;
    };
    switch (r.format) {
    case FormatChoice::Jpeg: return require(ImageFormat::Jpeg, "jpg");
    case FormatChoice::Png: return require(ImageFormat::Png, "png");
    case FormatChoice::Webp: return require(ImageFormat::Webp, "webp");
    case FormatChoice::Avif: return require(ImageFormat::Avif, "avif");
    case FormatChoice::Auto: {
        std::vector<ImageFormat> candidates;
        for (auto f : {ImageFormat::Avif, ImageFormat::Webp})
            if (writable.count(f)) candidates.push_back(f);
        candidates.push_back(ImageFormat::Jpeg);
        return negotiate_format(accept, candidates);
    }
    case FormatChoice::Source: break;
    }
    return browser_displays(source) && writable.count(source) ? source : ImageFormat::Jpeg;
}

plan::Plan display_plan(const std::string& identifier, core::Size source, core::Size output,
                        ImageFormat format) {
    plan::Plan p;
    p.source = identifier;
    if (output != source) p.ops.push_back(plan::Resize{output});
    p.encode.format = format;
    return p;
}

} // namespace pictor::dialects::display
