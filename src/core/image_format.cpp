#include "core/image_format.h"

#include <array>

namespace pictor::core {
namespace {

struct FormatRow {
    ImageFormat format;
    std::string_view ext;
    std::string_view alias;
    std::string_view mime;
    bool alpha;
};

constexpr std::array kFormats{
    FormatRow{ImageFormat::Jpeg, "jpg", "jpeg", "image/jpeg", false},
    FormatRow{ImageFormat::Png, "png", "", "image/png", true},
    FormatRow{ImageFormat::Webp, "webp", "", "image/webp", true},
    FormatRow{ImageFormat::Tiff, "tif", "tiff", "image/tiff", true},
    FormatRow{ImageFormat::Gif, "gif", "", "image/gif", true},
    FormatRow{ImageFormat::Avif, "avif", "", "image/avif", true},
    FormatRow{ImageFormat::Heif, "heic", "heif", "image/heif", true},
    FormatRow{ImageFormat::Jxl, "jxl", "", "image/jxl", true},
    FormatRow{ImageFormat::Jp2, "jp2", "", "image/jp2", true},
};

const FormatRow& row(ImageFormat f) {
    for (const auto& r : kFormats)
        if (r.format == f) return r;
    return kFormats[0];
}

} // namespace

std::optional<ImageFormat> format_from_extension(std::string_view ext) {
    for (const auto& r : kFormats)
        if (ext == r.ext || (!r.alias.empty() && ext == r.alias)) return r.format;
    return std::nullopt;
}

std::string_view extension(ImageFormat f) { return row(f).ext; }
std::string_view mime_type(ImageFormat f) { return row(f).mime; }
bool supports_alpha(ImageFormat f) { return row(f).alpha; }

} // namespace pictor::core
