// Engine::without_metadata: originals handed out whole with their metadata removed.
#include "engine/metadata_strip.h"
#include "engine/vips_internal.h"

namespace pictor::engine {

using vips::VImage;

namespace {

// Saves `image` in `format` without metadata and without loss: decoding the answer gives the
// pixels decoding the source gave.
std::string save_lossless(const VImage& image, core::ImageFormat format) {
    auto opts = [] { return VImage::option()->set("strip", true); };
    void* data = nullptr;
    std::size_t size = 0;
    switch (format) {
    case core::ImageFormat::Tiff:
        image.write_to_buffer(".tif", &data, &size,
                              opts()->set("compression", VIPS_FOREIGN_TIFF_COMPRESSION_DEFLATE));
        break;
    case core::ImageFormat::Jp2:
        image.write_to_buffer(".jp2", &data, &size, opts()->set("lossless", true));
        break;
    case core::ImageFormat::Avif:
    case core::ImageFormat::Heif:
        image.write_to_buffer(format == core::ImageFormat::Avif ? ".avif" : ".heic", &data, &size,
                              opts()->set("lossless", true));
        break;
    case core::ImageFormat::Jxl:
        image.write_to_buffer(".jxl", &data, &size, opts()->set("lossless", true));
        break;
    case core::ImageFormat::Gif:
        image.write_to_buffer(".gif", &data, &size, opts()->set("dither", 0.0));
        break;
    default: throw vips::VError("no lossless saver for this format");
    }
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
