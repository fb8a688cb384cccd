// The imaging actions' drawing steps: text, fill patterns, colorize and shade. None changes the
// image's size (plan/output_size.cpp).
#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/vips_internal.h"
#include "plan/fill_patterns.h"
#include "plan/plan.h"

namespace pictor::engine::detail {

using vips::VImage;

namespace {

// Colour bands and alpha apart, so paint never touches transparency it does not add.
struct Split {
    VImage colour;
    std::optional<VImage> alpha;
};

Split split_alpha(const VImage& in) {
    if (!in.has_alpha()) return {in, std::nullopt};
    return {in.extract_band(0, VImage::option()->set("n", in.bands() - 1)),
            in.extract_band(in.bands() - 1)};
}

VImage as_uchar(const VImage& img, VipsInterpretation interpretation) {
    return img.cast(VIPS_FORMAT_UCHAR)
        .copy(VImage::option()->set("interpretation", interpretation));
}

bool grey(core::Rgba c) { return c.r == c.g && c.g == c.b; }

// The vertical resolution of the image in DPI, kept within reason; libvips' "unknown" (1 px/mm)
// reads as the standard 96.
int image_dpi(const VImage& in) {
    double dpi = in.yres() * 25.4;
    if (dpi <= 26) return 96;
    return static_cast<int>(std::clamp(std::lround(dpi), 1L, 600L));
}

std::string markup(const plan::Text& t) {
    gchar* escaped = g_markup_escape_text(t.text.c_str(), static_cast<gssize>(t.text.size()));
    std::string body(escaped);
    g_free(escaped);
    std::string attributes;
    if (t.decorations & plan::kUnderline) attributes += " underline=\"single\"";
    if (t.decorations & plan::kOverline) attributes += " overline=\"single\"";
    if (t.decorations & plan::kStrikeThrough) attributes += " strikethrough=\"true\"";
    return attributes.empty() ? body : "<span" + attributes + ">" + body + "</span>";
}

// `coverage` is one band, 0..255, the size of `in`: how much of `color` each pixel takes.
VImage paint(const VImage& in, const VImage& coverage, core::Rgba color) {
    Split parts = split_alpha(in);
    VImage base = parts.colour;
    if (base.bands() < 3 && !grey(color)) base = base.colourspace(VIPS_INTERPRETATION_sRGB);
    VImage f = coverage.cast(VIPS_FORMAT_FLOAT) * (color.a / (255.0 * 255.0));
    std::vector<double> ink =
        base.bands() >= 3 ? std::vector<double>{double(color.r), double(color.g), double(color.b)}
                          : std::vector<double>{double(color.r)};
    VImage out = base * (1.0 - f) + f * ink;
    VipsInterpretation kind =
        base.bands() >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
    out = as_uchar(out, kind);
    if (parts.alpha) out = out.bandjoin(as_uchar(*parts.alpha + (255.0 - *parts.alpha) * f, kind));
    return out;
}

} // namespace

VImage text(const VImage& in, const plan::Text& t) {
    std::string font = t.font + " " + plan::format_number(t.points);
    VImage mask =
        VImage::text(markup(t).c_str(), VImage::option()
                                            ->set("font", font.c_str())
                                            ->set("dpi", t.dpi > 0 ? t.dpi : image_dpi(in))
                                            ->set("width", in.width()));
    core::Rect at =
        core::place(t.gravity, {in.width(), in.height()}, {mask.width(), mask.height()}, t.x, t.y);
    // Only what falls on the image is drawn.
    VImage coverage = mask.embed(at.x, at.y, in.width(), in.height());
    return paint(in, coverage, t.color);
}

VImage fill(const VImage& in, const plan::Fill& f) {
    const plan::PatternTile* tile = plan::find_fill_pattern(f.pattern);
    if (!tile) throw vips::VError("unknown fill pattern " + f.pattern);
    // A copy: the image outlives the tile's lookup (VImage::new_from_memory would only borrow).
    VipsImage* copied =
        vips_image_new_from_memory_copy(tile->coverage.data(), tile->coverage.size(), tile->width,
                                        tile->height, 1, VIPS_FORMAT_UCHAR);
    if (!copied) throw vips::VError();
    VImage one(copied);
    int across = (in.width() + tile->width - 1) / tile->width;
    int down = (in.height() + tile->height - 1) / tile->height;
    VImage coverage = one.replicate(across, down).extract_area(0, 0, in.width(), in.height());
    return paint(in, coverage, f.color);
}

VImage colorize(const VImage& in, const plan::Colorize& c) {
    Split parts = split_alpha(in);
    VImage base = parts.colour;
    if (base.bands() < 3) base = base.colourspace(VIPS_INTERPRETATION_sRGB);
    VImage out = base.linear({1 - c.red, 1 - c.green, 1 - c.blue},
                             {c.color.r * c.red, c.color.g * c.green, c.color.b * c.blue});
    out = as_uchar(out, VIPS_INTERPRETATION_sRGB);
    return parts.alpha ? out.bandjoin(*parts.alpha) : out;
}

// ImageMagick's shade: Sobel gradients of the brightness give each pixel's surface normal
// (x, y, 2 * 255); the result is its cosine with the light, 0 where the surface faces away.
VImage shade(const VImage& in, const plan::Shade& s) {
    Split parts = split_alpha(in);
    VImage height = parts.colour.colourspace(VIPS_INTERPRETATION_B_W).cast(VIPS_FORMAT_FLOAT);
    auto precise = VImage::option()->set("precision", VIPS_PRECISION_FLOAT);
    VImage left_minus_right =
        VImage::new_matrixv(3, 3, 1.0, 0.0, -1.0, 2.0, 0.0, -2.0, 1.0, 0.0, -1.0);
    VImage below_minus_above =
        VImage::new_matrixv(3, 3, -1.0, -2.0, -1.0, 0.0, 0.0, 0.0, 1.0, 2.0, 1.0);
    VImage gx = height.conv(left_minus_right, precise);
    VImage gy =
        height.conv(below_minus_above, VImage::option()->set("precision", VIPS_PRECISION_FLOAT));
    double az = s.azimuth * std::numbers::pi / 180, el = s.elevation * std::numbers::pi / 180;
    double lx = 255 * std::cos(az) * std::cos(el), ly = 255 * std::sin(az) * std::cos(el);
    double lz = 255 * std::sin(el), nz = 2 * 255.0;
    VImage lit = gx * lx + gy * ly + nz * lz;
    VImage length = (gx * gx + gy * gy + nz * nz).pow(0.5);
    VImage cosine = lit / length;
    VImage out = as_uchar((cosine < 0.0).ifthenelse(0.0, cosine), VIPS_INTERPRETATION_B_W);
    return parts.alpha ? out.bandjoin(*parts.alpha) : out;
}

} // namespace pictor::engine::detail
