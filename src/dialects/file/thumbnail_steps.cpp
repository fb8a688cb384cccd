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

std::optional<int> step_at_least(int width, int original_width, const std::vector<int>& steps) {
    for (int s : steps)
        if (s >= width) return s < original_width ? std::optional<int>(s) : std::nullopt;
    return std::nullopt;
}

std::vector<ThumbnailVariant> thumbnail_variants(core::Size original,
                                                 const std::vector<int>& steps) {
    std::vector<ThumbnailVariant> out;
    for (int step : steps) {
        if (step <= 0 || step >= original.width) continue;
        ThumbnailVariant v{step, fit_in_step(original, step), {}};
        for (auto [key, factor] : {std::pair{"1.5", 1.5}, std::pair{"2", 2.0}}) {
            int wanted = static_cast<int>(std::lround(v.size.width * factor));
            auto snapped = step_at_least(wanted, original.width, steps);
            // Left out when it would repeat this file or go beyond the original.
            if (snapped && *snapped != step) v.responsive[key] = *snapped;
        }
        out.push_back(std::move(v));
    }
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

std::string thumbnail_file_name(const std::string& identifier, int step, core::ImageFormat source) {
    auto slash = identifier.rfind('/');
    std::string name = slash == std::string::npos ? identifier : identifier.substr(slash + 1);
    std::string out = std::to_string(step) + "px-" + name;
    if (thumbnail_format(source) != source) out += ".jpg";
    return out;
}

} // namespace pictor::dialects::file
