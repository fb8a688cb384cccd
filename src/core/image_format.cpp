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

std::optional<ImageFormat> sniff_upload_format(std::string_view head) {
    auto format = sniff_image_format(head);
    if (format == ImageFormat::Jp2 || format == ImageFormat::Jxl) return std::nullopt;
    if (format == ImageFormat::Tiff && head.substr(2, 2) != std::string_view("*\0", 2) &&
        head.substr(2, 2) != std::string_view("\0*", 2))
        return std::nullopt; // BigTIFF
    return format;
}

std::optional<ImageFormat> sniff_image_format(std::string_view h) {
    auto starts = [&](std::string_view magic, std::size_t at = 0) {
        return h.size() >= at + magic.size() && h.substr(at, magic.size()) == magic;
    };
    if (starts("\xFF\xD8\xFF")) return ImageFormat::Jpeg;
    if (starts("\x89PNG\r\n\x1A\n")) return ImageFormat::Png;
    if (starts("GIF87a") || starts("GIF89a")) return ImageFormat::Gif;
    if (starts("RIFF") && starts("WEBP", 8)) return ImageFormat::Webp;
    for (const char* tiff : {"II*\0", "MM\0*", "II+\0", "MM\0+"}) // classic, BigTIFF
        if (starts(std::string_view(tiff, 4))) return ImageFormat::Tiff;
    if (starts(std::string_view("\0\0\0\x0CjP  \r\n\x87\n", 12)) || starts("\xFF\x4F\xFF\x51"))
        return ImageFormat::Jp2;
    if (starts(std::string_view("\0\0\0\x0CJXL \r\n\x87\n", 12)) || starts("\xFF\x0A"))
        return ImageFormat::Jxl;
    if (starts("ftyp", 4)) {
        for (std::string_view brand : {"avif", "avis"})
            if (starts(brand, 8)) return ImageFormat::Avif;
        for (std::string_view brand : {"heic", "heix", "heim", "heis", "mif1", "msf1"})
            if (starts(brand, 8)) return ImageFormat::Heif;
    }
    return std::nullopt;
}

} // namespace pictor::core
