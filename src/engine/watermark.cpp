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

// Loaded at the size it is drawn, with libvips' thumbnail (shrink-on-load where the format
// allows, EXIF orientation applied): a large overlay is never decoded in full.
VImage load_overlay(const plan::Watermark& w, core::Size image) {
    VImage overlay;
    if (w.scale > 0) {
        int width = std::max(1, static_cast<int>(std::lround(image.width * w.scale)));
        // Placed, it also fits inside the image; tiled, only its width counts.
        overlay =
            VImage::thumbnail(w.overlay_path.c_str(), w.tile ? width : std::min(width, image.width),
                              VImage::option()->set("height", w.tile ? 10'000'000 : image.height));
    } else if (w.tile) {
        overlay = VImage::new_from_file(w.overlay_path.c_str()).autorot();
    } else {
        overlay = VImage::thumbnail(
            w.overlay_path.c_str(), image.width,
            VImage::option()->set("height", image.height)->set("size", VIPS_SIZE_DOWN));
    }
    overlay = srgb_with_alpha(to_srgb(overlay));
    if (w.opacity < 1) overlay = overlay.linear({1, 1, 1, w.opacity}, {0, 0, 0, 0});
    // Read more than once when tiled or composited: kept in memory.
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
