#include "engine/exif_subset.h"
#include "engine/vips_internal.h"
#include "engine/webp_metadata.h"

namespace pictor::engine::detail {
std::string take_blob(VipsBlob* blob) {
    std::size_t length = 0;
    const void* data = vips_blob_get(blob, &length);
    std::string bytes(static_cast<const char*>(data), length);
    vips_area_unref(VIPS_AREA(blob));
    return bytes;
}

namespace {

using core::ImageFormat;
using vips::VImage;

int quality_or(int requested, int fallback) { return requested > 0 ? requested : fallback; }

// Whether a field of the image may leak what the viewer must not get: EXIF (GPS, camera,
// author), XMP, IPTC, comments and embedded profiles (the pipeline has converted to sRGB).
bool leaks(std::string_view field) {
    return field.starts_with("exif-") || field == "xmp-data" || field == "iptc-data" ||
           field == "icc-profile-data" || field.find("comment") != std::string_view::npos ||
           field.starts_with("heif-") || field.starts_with("png-");
}

// A copy without those fields. Not every saver honours `strip` (libvips 8.14's webpsave keeps
// EXIF and XMP), so they are removed before any saver sees the image; `strip` stays as a second
// line of defence.
VImage without_metadata(const VImage& image) {
    VImage out = image.copy();
    gchar** fields = vips_image_get_fields(out.get_image());
    for (gchar** f = fields; f && *f; ++f)
        if (leaks(*f)) out.remove(*f);
    g_strfreev(fields);
    return out;
}

// The fields the operator keeps (EngineOptions::keep_exif) from the source's EXIF block.
std::string kept_exif(const VImage& image, const EngineOptions& o) {
    if (o.keep_exif.empty() || image.get_typeof("exif-data") == 0) return {};
    std::size_t length = 0;
    const void* data = image.get_blob("exif-data", &length);
    return exif_subset(std::string(static_cast<const char*>(data), length), o.keep_exif);
}

} // namespace

std::string encode(const VImage& image, const plan::Encode& e, const EngineOptions& o) {
    std::string keep = kept_exif(image, o);
    VImage in = without_metadata(image);
    // Savers that write an EXIF block write exactly the kept one (libvips' strip would drop it).
    bool with_exif =
        !keep.empty() && (e.format == ImageFormat::Jpeg || e.format == ImageFormat::Avif ||
                          e.format == ImageFormat::Heif);
    if (with_exif) vips_image_set_blob_copy(in.get_image(), "exif-data", keep.data(), keep.size());
    if (in.has_alpha() && !core::supports_alpha(e.format))
        in = in.flatten(VImage::option()->set("background", std::vector<double>{255, 255, 255}));
    switch (e.format) {
    case ImageFormat::Jpeg:
        // The in-memory writer writes no resolution.
        if (e.dpi_x == 0 && !with_exif && jpeg_writer_accepts(in))
            return write_jpeg(in, {quality_or(e.quality, o.jpeg_quality), o.jpeg_optimize});
        return take_blob(in.jpegsave_buffer(VImage::option()
                                                ->set("Q", quality_or(e.quality, o.jpeg_quality))
                                                ->set("strip", !with_exif)));
    case ImageFormat::Png:
        return take_blob(in.pngsave_buffer(
            VImage::option()->set("compression", o.png_compression)->set("strip", true)));
    case ImageFormat::Webp: {
        auto stripped = strip_webp_metadata(
            take_blob(in.webpsave_buffer(VImage::option()
                                             ->set("Q", quality_or(e.quality, o.webp_quality))
                                             ->set("strip", true))),
            keep.size() > 6 ? keep.substr(6) : std::string()); // without "Exif\0\0"
        if (!stripped) throw vips::VError(stripped.error().detail.c_str());
        return std::move(*stripped);
    }
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
                                   ->set("strip", !with_exif)));
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
