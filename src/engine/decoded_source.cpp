// A source decoded whole into memory with its successive halvings. A side-car build of a large
// flat source needs every pixel once anyway; holding them while the pyramid file is written
// lets the first tiles of a viewer's visit be cut from memory instead of waiting for the file
// (about 0.3 s to decode a 24 MP JPEG and halve it, against 0.75 s for the whole build).
#include <cstring>

#include "engine/vips_internal.h"

namespace pictor::engine {

using core::Rect;
using core::Result;
using detail::RgbxImage;

namespace {

// The source upright and in sRGB as RGBX: TurboJPEG straight into the buffer for a plain JPEG,
// libvips' loaders (colour profiles, orientation, other formats) otherwise. Nothing for what the
// copy does not hold (alpha, more than 8 bits).
std::optional<RgbxImage> decode_full(const SourceInput& in, const SourceInfo& info) {
    if (info.format == core::ImageFormat::Jpeg && !info.has_icc && info.orientation == 1 &&
        !in.is_ranged())
        if (auto direct = detail::decode_jpeg_rgbx(in, info.stored)) return direct;
    vips::VImage img = detail::open_upright(in, info); // throws VError on damaged data
    if (img.bands() != 3 || img.format() != VIPS_FORMAT_UCHAR) return std::nullopt;
    auto out = detail::allocate_rgbx(img.width(), img.height());
    if (!out) return std::nullopt;
    vips::VImage rgbx = img.bandjoin_const({255});
    // libvips writes into memory it allocates: read the pixels through a region into ours.
    VipsRegion* region = vips_region_new(rgbx.get_image());
    VipsRect all{0, 0, rgbx.width(), rgbx.height()};
    // Rows in bands, so a sequential loader is read from top to bottom once.
    constexpr int kRows = 64;
    for (int y = 0; y < all.height; y += kRows) {
        VipsRect band{0, y, all.width, std::min(kRows, all.height - y)};
        if (vips_region_prepare(region, &band) != 0) {
            g_object_unref(region);
            throw vips::VError();
        }
        for (int row = 0; row < band.height; ++row)
            std::memcpy(out->pixels.get() + static_cast<std::size_t>(y + row) * out->stride(),
                        VIPS_REGION_ADDR(region, 0, y + row), out->stride());
    }
    g_object_unref(region);
    return out;
}

} // namespace

std::size_t decoded_bytes(const DecodedSource& decoded) { return decoded.bytes; }

Result<std::shared_ptr<const DecodedSource>> Engine::decode_whole(const SourceInput& in) const {
    auto info = probe(in);
    if (!info) return info.error();
    auto decoded = std::make_shared<DecodedSource>();
    decoded->info = *info;
    try {
        auto level = decode_full(in, *info);
        if (!level) return std::shared_ptr<const DecodedSource>();
        // Each level is half the one before (a 2x2 mean, as a pyramid's levels are), down to a
        // thumbnail's size.
        for (;;) {
            decoded->bytes += level->bytes();
            decoded->levels.push_back(std::move(*level));
            const auto& last = decoded->levels.back();
            if (std::max(last.width, last.height) <= 512 || std::min(last.width, last.height) < 2)
                break;
            level = detail::halve_rgbx(last);
            if (!level) break;
        }
    } catch (const vips::VError& e) {
        vips_error_clear();
        if (auto failed = detail::read_failure(e, in)) return *failed;
        return core::Error{core::ErrorCode::SourceCorrupt, "the source image is damaged", e.what()};
    }
    return std::shared_ptr<const DecodedSource>(std::move(decoded));
}

std::optional<Encoded> Engine::render_decoded(const DecodedSource& decoded,
                                              const plan::Plan& plan) const {
    auto g = detail::leading_geometry(plan, decoded.info.size);
    if (!detail::is_direct_jpeg(plan, g) || !options_.keep_exif.empty()) return std::nullopt;
    // The smallest level that still holds the region at the answer's size.
    const RgbxImage* level = nullptr;
    Rect at;
    for (const auto& l : decoded.levels) {
        Rect r = detail::region_at_level(g.region, decoded.info.size, {l.width, l.height});
        if (r.width < g.target.width || r.height < g.target.height) break;
        level = &l;
        at = r;
    }
    if (!level || at.size().area() > 4 * detail::kJpegWriterMaxPixels)
        return std::nullopt; // an upscale or a large read: the general path
    const unsigned char* pixels = level->pixels.get() +
                                  static_cast<std::size_t>(at.y) * level->stride() +
                                  std::size_t{4} * at.x;
    detail::JpegCoding coding{plan.encode.quality > 0 ? plan.encode.quality : options_.jpeg_quality,
                              options_.jpeg_optimize};
    try {
        Encoded out{{}, core::ImageFormat::Jpeg, g.target};
        if (at.size() == g.target) {
            out.bytes =
                detail::encode_jpeg_rgbx(pixels, at.width, at.height, coding, level->stride());
            return out;
        }
        // The level is under twice the answer's size: a box filter is an adequate reduce.
        auto reduced = detail::scale_rgbx(pixels, level->stride(), at.size(), g.target);
        if (!reduced) return std::nullopt;
        out.bytes =
            detail::encode_jpeg_rgbx(reduced->data(), g.target.width, g.target.height, coding);
        return out;
    } catch (const vips::VError&) { // the JPEG compressor failed
        vips_error_clear();
        return std::nullopt; // the general path reports it properly
    }
}

} // namespace pictor::engine
