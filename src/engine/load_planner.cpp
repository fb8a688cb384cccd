#include "engine/load_planner.h"

#include <cmath>

namespace pictor::engine {
namespace {

int ceil_div(int a, int b) { return (a + b - 1) / b; }

} // namespace

LoadChoice choose_load(const SourceInfo& info, double scale, bool fast) {
    LoadChoice c;
    c.loaded = info.stored;
    if (scale >= 1.0 || info.stored.empty()) return c;
    const double need = scale * (1.0 - 1e-9);

    if (info.levels.size() > 1) {
        // The smallest level that still has at least the resolution asked for.
        for (std::size_t i = 1; i < info.levels.size(); ++i) {
            const auto& l = info.levels[i];
            double lx = static_cast<double>(l.width) / info.stored.width;
            double ly = static_cast<double>(l.height) / info.stored.height;
            if (lx >= need && ly >= need) {
                c.level = static_cast<int>(i);
                c.loaded = l;
            }
        }
        return c;
    }
    if (info.format == core::ImageFormat::Jpeg) {
        double margin = fast ? 1.0 : 2.0;
        for (int k : {8, 4, 2}) {
            if (1.0 / k >= need * margin) {
                c.jpeg_shrink = k;
                c.loaded = {ceil_div(info.stored.width, k), ceil_div(info.stored.height, k)};
                break;
            }
        }
        return c;
    }
    if (info.format == core::ImageFormat::Webp) {
        c.webp_scale = scale;
        c.loaded = {std::max(1, static_cast<int>(std::lround(info.stored.width * scale))),
                    std::max(1, static_cast<int>(std::lround(info.stored.height * scale)))};
    }
    return c;
}

std::int64_t decoded_pixels(const SourceInfo& info, const LoadChoice& choice, core::Rect region) {
    if (!info.tiled) return choice.loaded.area();
    double fx = static_cast<double>(choice.loaded.width) / info.stored.width;
    double fy = static_cast<double>(choice.loaded.height) / info.stored.height;
    return static_cast<std::int64_t>(std::ceil(region.width * fx) * std::ceil(region.height * fy));
}

std::int64_t read_pixels(const SourceInfo& info, const LoadChoice& choice, core::Rect region) {
    if (info.tiled) return std::max(decoded_pixels(info, choice, region), info.read_unit.area());
    const auto& level =
        info.levels.empty() ? info.stored : info.levels[static_cast<std::size_t>(choice.level)];
    return level.area();
}

} // namespace pictor::engine
