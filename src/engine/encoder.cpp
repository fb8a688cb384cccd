#include "engine/vips_internal.h"

namespace pictor::engine::detail {
namespace {

using core::ImageFormat;
using vips::VImage;

std::string take_blob(VipsBlob* blob) {
    std::size_t length = 0;
    const void* data = vips_blob_get(blob, &length);
    std::string bytes(static_cast<const char*>(data), length);
    vips_area_unref(VIPS_AREA(blob));
    return bytes;
}

int quality_or(int requested, int fallback) { return requested > 0 ? requested : fallback; }

} // namespace

std::string encode(const VImage& image, const plan::Encode& e, const EngineOptions& o) {
    VImage in = image;
    if (in.has_alpha() && !core::supports_alpha(e.format))
        in = in.flatten(VImage::option()->set("background", std::vector<double>{255, 255, 255}));
    switch (e.format) {
    case ImageFormat::Jpeg:
        // The in-memory writer writes no resolution.
        if (e.dpi_x == 0 && jpeg_writer_accepts(in))
            return write_jpeg(in, quality_or(e.quality, o.jpeg_quality));
        return take_blob(in.jpegsave_buffer(
            VImage::option()->set("Q", quality_or(e.quality, o.jpeg_quality))->set("strip", true)));
    case ImageFormat::Png:
        return take_blob(in.pngsave_buffer(
            VImage::option()->set("compression", o.png_compression)->set("strip", true)));
    case ImageFormat::Webp:
        return take_blob(in.webpsave_buffer(
            VImage::option()->set("Q", quality_or(e.quality, o.webp_quality))->set("strip", true)));
    case ImageFormat::Tiff:
        return take_blob(
            in.tiffsave_buffer(VImage::option()
                                   ->set("compression", VIPS_FOREIGN_TIFF_COMPRESSION_DEFLATE)
                                   ->set("strip", true)));
    case ImageFormat::Gif:
        return take_blob(in.gifsave_buffer(VImage::option()->set("strip", true)));
    case ImageFormat::Avif:
    case ImageFormat::Heif:
        return take_blob(
            in.heifsave_buffer(VImage::option()
                                   ->set("Q", quality_or(e.quality, o.avif_quality))
                                   ->set("compression", e.format == ImageFormat::Avif
                                                            ? VIPS_FOREIGN_HEIF_COMPRESSION_AV1
                                                            : VIPS_FOREIGN_HEIF_COMPRESSION_HEVC)
                                   ->set("effort", 2)
                                   ->set("strip", true)));
    case ImageFormat::Jxl:
        return take_blob(in.jxlsave_buffer(VImage::option()
                                               ->set("Q", quality_or(e.quality, o.jpeg_quality))
                                               ->set("effort", 3)
                                               ->set("strip", true)));
    case ImageFormat::Jp2:
        return take_blob(in.jp2ksave_buffer(
            VImage::option()->set("Q", quality_or(e.quality, o.jpeg_quality))->set("strip", true)));
    }
    throw vips::VError("unknown output format");
}

} // namespace pictor::engine::detail
