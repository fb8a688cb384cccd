// What a plan's leading crop and resize ask of the source: every read path (libvips' loaders,
// a pyramid's tiles, a decoded copy in memory) starts from it.
#include <cmath>

#include "engine/vips_internal.h"

namespace pictor::engine::detail {

LeadingGeometry leading_geometry(const plan::Plan& plan, core::Size full) {
    LeadingGeometry g{{0, 0, full.width, full.height}, full, 0};
    const auto& ops = plan.ops;
    if (g.consumed < ops.size())
        if (auto* c = std::get_if<plan::Crop>(&ops[g.consumed])) {
            g.region = c->rect;
            ++g.consumed;
        }
    g.target = g.region.size();
    if (g.consumed < ops.size())
        if (auto* r = std::get_if<plan::Resize>(&ops[g.consumed])) {
            g.target = r->size;
            ++g.consumed;
        }
    return g;
}

bool is_direct_jpeg(const plan::Plan& plan, const LeadingGeometry& g) {
    return plan.encode.format == core::ImageFormat::Jpeg && plan.encode.dpi_x <= 0 &&
           g.consumed == plan.ops.size() && g.target.area() <= kJpegWriterMaxPixels;
}

core::Rect region_at_level(core::Rect region, core::Size full, core::Size loaded) {
    double rx = static_cast<double>(loaded.width) / full.width;
    double ry = static_cast<double>(loaded.height) / full.height;
    int x0 = static_cast<int>(std::floor(region.x * rx));
    int y0 = static_cast<int>(std::floor(region.y * ry));
    int x1 = std::min(loaded.width, static_cast<int>(std::ceil((region.x + region.width) * rx)));
    int y1 = std::min(loaded.height, static_cast<int>(std::ceil((region.y + region.height) * ry)));
    return {x0, y0, std::max(1, x1 - x0), std::max(1, y1 - y0)};
}

} // namespace pictor::engine::detail
