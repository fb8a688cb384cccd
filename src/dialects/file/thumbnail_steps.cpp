#include "dialects/file/thumbnail_steps.h"

#include <algorithm>
#include <cmath>

namespace pictor::dialects::file {

core::Size fit_in_step(core::Size original, int step) {
    double factor = std::min(static_cast<double>(step) / original.width,
                             static_cast<double>(step) / original.height);
    auto edge = [&](int e) { return std::max(1, static_cast<int>(std::lround(e * factor))); };
    if (original.width >= original.height) return {step, edge(original.height)};
    return {edge(original.width), step};
}

std::vector<ThumbnailVariant> thumbnail_variants(core::Size original,
                                                 const std::vector<int>& steps) {
    std::vector<ThumbnailVariant> out;
    for (int step : steps) {
        if (step <= 0 || step >= original.width) continue;
        core::Size size = fit_in_step(original, step);
        if (!out.empty() && out.back().size.width == size.width) continue; // same name
        out.push_back({step, size, {}});
    }
    // MediaWiki's renditions for high-density screens: the step's box 1.5 and 2 times as large
    // (the 120 step of a 1200x800 file: 180x120 and 240x160), left out when not narrower than
    // the original.
    for (auto& v : out)
        for (auto [key, factor] : {std::pair{"1.5", 1.5}, std::pair{"2", 2.0}}) {
            core::Size dense =
                fit_in_step(original, static_cast<int>(std::lround(v.step * factor)));
            if (dense.width < original.width) v.responsive[key] = dense;
        }
    return out;
}

const ThumbnailVariant* variant_at_least(const std::vector<ThumbnailVariant>& variants, int width) {
    for (const auto& v : variants)
        if (v.size.width >= width) return &v;
    return nullptr;
}

const ThumbnailVariant* variant_of_width(const std::vector<ThumbnailVariant>& variants, int width) {
    const auto* v = variant_at_least(variants, width);
    return v && v->size.width == width ? v : nullptr;
}

std::optional<core::Size> thumbnail_of_width(const std::vector<ThumbnailVariant>& variants,
                                             int width) {
    if (const auto* v = variant_of_width(variants, width)) return v->size;
    for (const auto& v : variants)
        for (const auto& [key, size] : v.responsive)
            if (size.width == width) return size;
    return std::nullopt;
}

std::vector<int> thumbnail_widths(const std::vector<ThumbnailVariant>& variants) {
    std::vector<int> out;
    for (const auto& v : variants) {
        out.push_back(v.size.width);
        for (const auto& [key, size] : v.responsive)
            out.push_back(size.width);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

core::ImageFormat thumbnail_format(core::ImageFormat source) {
    using core::ImageFormat;
    switch (source) {
    case ImageFormat::Jpeg:
    case ImageFormat::Png:
    case ImageFormat::Gif:
    case ImageFormat::Webp: return source;
    default: return ImageFormat::Jpeg;
    }
}

std::string thumbnail_file_name(const std::string& identifier, int width,
                                core::ImageFormat source) {
    auto slash = identifier.rfind('/');
    std::string name = slash == std::string::npos ? identifier : identifier.substr(slash + 1);
    std::string out = std::to_string(width) + "px-" + name;
    if (thumbnail_format(source) != source) out += ".jpg";
    return out;
}

} // namespace pictor::dialects::file
