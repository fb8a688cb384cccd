#include "dialects/iiif/iiif_resolver.h"

#include "plan/output_size.h"

#include <algorithm>
#include <cmath>

namespace pictor::dialects::iiif {
namespace {

using core::Error;
using core::Rect;
using core::Result;
using core::Size;

int round_px(double v) { return static_cast<int>(std::lround(v)); }

Result<Rect> resolve_region(const RegionSpec& r, Size image) {
    switch (r.kind) {
    case RegionSpec::Kind::Full: return Rect{0, 0, image.width, image.height};
    case RegionSpec::Kind::Square: {
        int side = std::min(image.width, image.height);
        return Rect{(image.width - side) / 2, (image.height - side) / 2, side, side};
    }
    case RegionSpec::Kind::Pixels: {
        int x = static_cast<int>(r.x), y = static_cast<int>(r.y);
        if (x >= image.width || y >= image.height)
            return Error::bad_request("region is entirely outside the image");
        int w = static_cast<int>(std::min<double>(r.w, image.width - x));
        int h = static_cast<int>(std::min<double>(r.h, image.height - y));
        return Rect{x, y, w, h};
    }
    case RegionSpec::Kind::Percent: {
        int x0 = round_px(r.x * image.width / 100.0);
        int y0 = round_px(r.y * image.height / 100.0);
        int x1 = std::min(image.width, round_px((r.x + r.w) * image.width / 100.0));
        int y1 = std::min(image.height, round_px((r.y + r.h) * image.height / 100.0));
        if (x0 >= image.width || y0 >= image.height)
            return Error::bad_request("region is entirely outside the image");
        if (x1 <= x0 || y1 <= y0) return Error::bad_request("region is smaller than one pixel");
        return Rect{x0, y0, x1 - x0, y1 - y0};
    }
    }
    return Error::internal("unknown region kind");
}

double limit_scale(Size region, const ResolveOptions& o) {
    double s = std::min(static_cast<double>(o.max_width) / region.width,
                        static_cast<double>(o.max_height) / region.height);
    if (o.max_area > 0) s = std::min(s, std::sqrt(static_cast<double>(o.max_area) / region.area()));
    return s;
}

// The region scaled by `s` to fit the limits: each edge to the nearest pixel, the rule of every
// other size form and of every dialect (6000x4000 confined to 1000 wide is 1000x667), unless
// rounding up would break a limit (maxArea), then down.
Size scaled_within(Size region, double s, const ResolveOptions& o) {
    Size nearest{std::max(1, round_px(region.width * s)), std::max(1, round_px(region.height * s))};
    bool fits = nearest.width <= o.max_width && nearest.height <= o.max_height &&
                (o.max_area <= 0 || nearest.area() <= o.max_area);
    if (fits) return nearest;
    return {std::max(1, static_cast<int>(std::floor(region.width * s + 1e-9))),
            std::max(1, static_cast<int>(std::floor(region.height * s + 1e-9)))};
}

Result<Size> resolve_size(Version v, const SizeSpec& s, Size region, const ResolveOptions& o) {
    if (s.upscale && !o.upscaling) return Error::not_implemented("upscaling is not supported");
    // 3.0 allows upscaling only with `^`; 2.1 allows it whenever the server does.
    bool may_upscale = v == Version::V3 ? s.upscale : o.upscaling;
    auto too_big = [&](Size out) {
        return !may_upscale && (out.width > region.width || out.height > region.height);
    };
    Size out;
    switch (s.kind) {
    case SizeSpec::Kind::Max:
    case SizeSpec::Kind::Full: {
        // `max` is the region confined to the limits; `^max` grows to them.
        ResolveOptions confined = o;
        if (o.max_square > 0) {
            confined.max_width = std::min(o.max_width, o.max_square);
            confined.max_height = std::min(o.max_height, o.max_square);
        }
        double limit = limit_scale(region, confined);
        if (s.upscale) return scaled_within(region, limit, confined);
        // 2.1's `full` is the region unscaled: beyond what the image is available at it cannot
        // be answered (the roles are named first to a viewer who lacks them); `max` can.
        if (s.kind == SizeSpec::Kind::Full && limit < 1)
            return Error::too_large("'full' is " + core::to_string(region) +
                                    ", larger than this image is available at; ask for 'max'");
        return limit >= 1 ? region : scaled_within(region, limit, confined);
    }
    case SizeSpec::Kind::Width:
        out = {s.width, round_px(static_cast<double>(region.height) * s.width / region.width)};
        break;
    case SizeSpec::Kind::Height:
        out = {round_px(static_cast<double>(region.width) * s.height / region.height), s.height};
        break;
    case SizeSpec::Kind::Percent:
        out = {round_px(region.width * s.percent / 100.0),
               round_px(region.height * s.percent / 100.0)};
        break;
    case SizeSpec::Kind::Exact: out = {s.width, s.height}; break;
    case SizeSpec::Kind::Confined: {
        double scale = std::min(static_cast<double>(s.width) / region.width,
                                static_cast<double>(s.height) / region.height);
        if (!may_upscale && scale > 1.0) {
            if (v == Version::V3 && !o.clamp_confined)
                return Error::bad_request("requested size is larger than the region; use '^!' "
                                          "to upscale");
            scale = 1.0;
        }
        out = {std::min(s.width, round_px(region.width * scale)),
               std::min(s.height, round_px(region.height * scale))};
        break;
    }
    }
    if (out.width < 1 || out.height < 1)
        return Error::bad_request("requested size is smaller than one pixel");
    if (too_big(out))
        return Error::bad_request(
            v == Version::V3 ? "requested size is larger than the region; use '^' to upscale"
                             : "requested size is larger than the region");
    return out;
}

Result<void> check_limits(Size out, const ResolveOptions& o) {
    // TooLarge (a 400 in IIIF): the pipeline tells a viewer without a role about the roles.
    if (out.width > o.max_width || out.height > o.max_height)
        return Error::too_large("requested size " + core::to_string(out) +
                                " exceeds the server limit of " + std::to_string(o.max_width) +
                                "x" + std::to_string(o.max_height));
    if (o.max_area > 0 && out.area() > o.max_area)
        return Error::too_large("requested size " + core::to_string(out) +
                                " exceeds the server limit of " + std::to_string(o.max_area) +
                                " pixels");
    return {};
}

std::string canonical_size(Version v, Size out, Size region) {
    if (out == region) return v == Version::V3 ? "max" : "full";
    bool up = out.width > region.width || out.height > region.height;
    std::string prefix = v == Version::V3 && up ? "^" : "";
    if (v == Version::V2 &&
        out.height == round_px(static_cast<double>(region.height) * out.width / region.width))
        return std::to_string(out.width) + ",";
    return prefix + std::to_string(out.width) + "," + std::to_string(out.height);
}

} // namespace

Size confine_to_limits(Size region, const ResolveOptions& options) {
    double s = limit_scale(region, options);
    return s >= 1 ? region : scaled_within(region, s, options);
}

Result<ResolvedRequest> resolve(Version version, const ImageRequest& req, const std::string& source,
                                Size image, const ResolveOptions& options) {
    if (!options.formats.contains(req.format))
        return Error::bad_request("format '" + std::string(core::extension(req.format)) +
                                  "' is not supported by this server");
    auto region = resolve_region(req.region, image);
    if (!region) return region.error();
    auto out = resolve_size(version, req.size, region->size(), options);
    if (!out) return out.error();
    if (auto r = check_limits(*out, options); !r) return r.error();

    ResolvedRequest result;
    plan::Plan& p = result.plan;
    p.source = source;
    bool full = *region == Rect{0, 0, image.width, image.height};
    if (!full) p.ops.emplace_back(plan::Crop{*region});
    if (*out != region->size()) p.ops.emplace_back(plan::Resize{*out});
    if (req.rotation.mirror) p.ops.emplace_back(plan::Mirror{});
    double degrees = std::fmod(req.rotation.degrees, 360.0);
    if (degrees != 0) p.ops.emplace_back(plan::Rotate{degrees});
    if (req.quality == Quality::Gray) p.ops.emplace_back(plan::ToneMap{plan::Tone::Gray});
    if (req.quality == Quality::Bitonal) p.ops.emplace_back(plan::ToneMap{plan::Tone::Bitonal});
    p.encode.format = req.format;

    result.output = plan::output_size(p, image);
    std::string region_text = full ? "full"
                                   : std::to_string(region->x) + "," + std::to_string(region->y) +
                                         "," + std::to_string(region->width) + "," +
                                         std::to_string(region->height);
    result.canonical_params = region_text + "/" + canonical_size(version, *out, region->size()) +
                              "/" + (req.rotation.mirror ? "!" : "") +
                              plan::format_number(degrees) + "/" + to_string(req.quality) + "." +
                              std::string(core::extension(req.format));
    return result;
}

} // namespace pictor::dialects::iiif
