// Engine::without_metadata: originals handed out whole with their metadata removed.
#include "engine/metadata_strip.h"
#include "engine/vips_internal.h"

namespace pictor::engine {

using vips::VImage;

namespace {

// The file suffix libvips picks the saver by, for the formats saved again here.
const char* resave_suffix(core::ImageFormat format) {
    switch (format) {
    case core::ImageFormat::Tiff: return ".tif";
    case core::ImageFormat::Gif: return ".gif";
    case core::ImageFormat::Jp2: return ".jp2";
    case core::ImageFormat::Avif: return ".avif";
    case core::ImageFormat::Heif: return ".heic";
    case core::ImageFormat::Jxl: return ".jxl";
    default: return nullptr; // JPEG, PNG, WebP: stripped in their own bytes
    }
}

// Saves `image` in `format` without metadata and without loss: decoding the answer gives the
// pixels decoding the source gave.
std::string save_lossless(const VImage& image, core::ImageFormat format) {
    const char* suffix = resave_suffix(format);
    if (!suffix) throw vips::VError("no lossless saver for this format");
    auto* opts = VImage::option()->set("strip", true);
    if (format == core::ImageFormat::Tiff)
        opts->set("compression", VIPS_FOREIGN_TIFF_COMPRESSION_DEFLATE);
    else if (format == core::ImageFormat::Gif) // the palette holds every colour: no dithering
        opts->set("dither", 0.0);
    else
        opts->set("lossless", true);
    void* data = nullptr;
    std::size_t size = 0;
    image.write_to_buffer(suffix, &data, &size, opts);
    std::string out(static_cast<const char*>(data), size);
    g_free(data);
    return out;
}

} // namespace

core::Result<std::string> Engine::without_metadata(std::string bytes,
                                                   core::ImageFormat format) const {
    std::vector<std::string> keep = options_.keep_exif;
    keep.push_back("Orientation"); // the pixels as stored are shown turned as the source says
    switch (format) {
    case core::ImageFormat::Jpeg: return detail::strip_jpeg_metadata(bytes, keep);
    case core::ImageFormat::Png: return detail::strip_png_metadata(bytes);
    case core::ImageFormat::Webp: return detail::strip_webp_source_metadata(std::move(bytes), keep);
    default: break;
    }
    try {
        VImage image = VImage::new_from_buffer(bytes.data(), bytes.size(), "");
        return save_lossless(image.autorot(), format);
    } catch (const vips::VError& e) {
        vips_error_clear();
        return core::Error{core::ErrorCode::SourceCorrupt,
                           "this original cannot be sent without its metadata; ask for a "
                           "rendition",
                           e.what()};
    }
}

} // namespace pictor::engine
