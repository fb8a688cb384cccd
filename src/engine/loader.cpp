#include <cstring>

#include "engine/vips_internal.h"

namespace pictor::engine::detail {

using vips::VImage;

core::Result<core::ImageFormat> format_of_loader(const char* loader) {
    using core::ImageFormat;
    struct Row {
        const char* prefix;
        ImageFormat format;
    };
    // Only the formats of docs/sources.md (plus JPEG 2000 for archives); PDF, SVG, ImageMagick and
    // friends are refused even though libvips could read them, and so is JPEG XL (libvips 8.14
    // marks its loader untrusted).
    static const Row rows[] = {
        {"VipsForeignLoadJpeg", ImageFormat::Jpeg}, {"VipsForeignLoadPng", ImageFormat::Png},
        {"VipsForeignLoadWebp", ImageFormat::Webp}, {"VipsForeignLoadTiff", ImageFormat::Tiff},
        {"VipsForeignLoadNsgif", ImageFormat::Gif}, {"VipsForeignLoadHeif", ImageFormat::Heif},
        {"VipsForeignLoadJp2k", ImageFormat::Jp2},
    };
    for (const auto& r : rows)
        if (loader && std::strncmp(loader, r.prefix, std::strlen(r.prefix)) == 0) return r.format;
    return core::Error{core::ErrorCode::UnsupportedMedia, "the source is not a supported image",
                       loader ? loader : "no loader"};
}

// The loader the probe identified, called by name: skips libvips' sniffing of every loader on
// each request (a measurable share of a tile's time).
const char* loader_name(core::ImageFormat format) {
    using core::ImageFormat;
    switch (format) {
    case ImageFormat::Jpeg: return "jpegload";
    case ImageFormat::Png: return "pngload";
    case ImageFormat::Webp: return "webpload";
    case ImageFormat::Tiff: return "tiffload";
    case ImageFormat::Gif: return "gifload";
    case ImageFormat::Avif:
    case ImageFormat::Heif: return "heifload";
    case ImageFormat::Jp2: return "jp2kload";
    case ImageFormat::Jxl: return "jxlload";
    }
    return "";
}

VImage load_source(const SourceInput& input, const SourceInfo& info, const LoadChoice& choice,
                   bool random_access) {
    if (info.format == core::ImageFormat::Png && !random_access)
        if (auto png = open_png(input, info)) return *png;
    auto* opts = VImage::option()
                     ->set("access", random_access ? VIPS_ACCESS_RANDOM : VIPS_ACCESS_SEQUENTIAL)
                     ->set("fail_on", VIPS_FAIL_ON_ERROR);
    if (choice.level > 0) {
        if (info.level_kind == LevelKind::SubIfd)
            opts->set("subifd", choice.level - 1);
        else
            opts->set("page", choice.level);
    }
    if (choice.jpeg_shrink > 1) opts->set("shrink", choice.jpeg_shrink);
    if (choice.webp_scale < 1.0) opts->set("scale", choice.webp_scale);
    return open_image(input, loader_name(info.format), opts);
}

} // namespace pictor::engine::detail
