#pragma once
// The image formats pictor reads or writes, with their file extensions and media types.
#include <optional>
#include <string_view>

namespace pictor::core {

enum class ImageFormat { Jpeg, Png, Webp, Tiff, Gif, Avif, Heif, Jxl, Jp2 };

// "jpg"/"jpeg", "png", "webp", "tif"/"tiff", "gif", "avif", "heic"/"heif", "jxl", "jp2".
std::optional<ImageFormat> format_from_extension(std::string_view ext);
// The canonical extension: "jpg", "png", "webp", "tif", "gif", "avif", "heic", "jxl", "jp2".
std::string_view extension(ImageFormat f);
std::string_view mime_type(ImageFormat f);
bool supports_alpha(ImageFormat f);
// The format a file's first bytes (16 are enough) announce, among every format pictor reads
// (BigTIFF, JPEG 2000 files and codestreams, JPEG XL included); nothing for anything else.
std::optional<ImageFormat> sniff_image_format(std::string_view head);
// The format of an upload from its first bytes, limited to what uploads may be (docs/sources.md):
// JPEG, PNG, WebP, GIF, TIFF, HEIF/AVIF. Anything else: nothing.
std::optional<ImageFormat> sniff_upload_format(std::string_view head);

} // namespace pictor::core
