// The imaging actions' watermark: another stored image laid over this one, placed by gravity
// and offsets or tiled, at an opacity and a scale.
#include <algorithm>
#include <cmath>

#include "engine/vips_internal.h"

namespace pictor::engine::detail {

using vips::VImage;

namespace {

VImage srgb_with_alpha(const VImage& in) {
    VImage out = in;
    if (out.bands() < 3 || out.interpretation() != VIPS_INTERPRETATION_sRGB)
        out = out.colourspace(VIPS_INTERPRETATION_sRGB);
    if (!out.has_alpha()) out = out.bandjoin_const({255});
    return out.cast(VIPS_FORMAT_UCHAR);
}

VImage load_overlay(const plan::Watermark& w, core::Size image) {
    // The overlay is small next to a source and is read more than once when tiled.
    VImage overlay = VImage::new_from_file(w.overlay_path.c_str()).autorot();
    overlay = srgb_with_alpha(to_srgb(overlay));
    double scale = w.scale > 0 ? image.width * w.scale / overlay.width() : 1.0;
    // Placed (not tiled), it is shrunk to fit inside the image.
    if (!w.tile)
        scale = std::min({scale, static_cast<double>(image.width) / overlay.width(),
                          static_cast<double>(image.height) / overlay.height()});
    if (std::abs(scale - 1.0) > 1e-9) {
        scale = std::max(scale, 1.0 / std::min(overlay.width(), overlay.height()));
        overlay = overlay.resize(scale, VImage::option()->set("kernel", VIPS_KERNEL_LANCZOS3));
    }
    if (w.opacity < 1) overlay = overlay.linear({1, 1, 1, w.opacity}, {0, 0, 0, 0});
    return overlay.cast(VIPS_FORMAT_UCHAR).copy_memory();
}

} // namespace

VImage watermark(const VImage& in, const plan::Watermark& w) {
    core::Size size{in.width(), in.height()};
    VImage overlay = load_overlay(w, size);
    VImage base = srgb_with_alpha(in);
    VImage out;
    if (w.tile) {
        int across = size.width / overlay.width() + 2, down = size.height / overlay.height() + 2;
        core::Rect first =
            core::place(w.gravity, size, {overlay.width(), overlay.height()}, w.x, w.y);
        // The tiling passes through the placed copy.
        int ox = ((first.x % overlay.width()) + overlay.width()) % overlay.width();
        int oy = ((first.y % overlay.height()) + overlay.height()) % overlay.height();
        VImage layer =
            overlay.replicate(across, down)
                .extract_area(overlay.width() - ox, overlay.height() - oy, size.width, size.height);
        out = base.composite2(layer, VIPS_BLEND_MODE_OVER);
    } else {
        core::Rect at = core::place(w.gravity, size, {overlay.width(), overlay.height()}, w.x, w.y);
        out = base.composite2(overlay, VIPS_BLEND_MODE_OVER,
                              VImage::option()->set("x", at.x)->set("y", at.y));
    }
    out = out.cast(VIPS_FORMAT_UCHAR);
    if (!in.has_alpha()) out = out.extract_band(0, VImage::option()->set("n", 3));
    return out.copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

} // namespace pictor::engine::detail
