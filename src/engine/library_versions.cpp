// The image libraries this binary runs with, for `pictor --version` and pictor_build_info.
// Versions are read from the libraries at run time where they say it (libvips, libtiff,
// libwebp), from their headers otherwise (libjpeg-turbo, libyuv).
#include <jconfig.h>
#include <libyuv/version.h>
#include <tiffio.h>
#include <webp/decode.h>

#include "engine/vips_internal.h"

namespace pictor::engine {
namespace {

#define PICTOR_STRINGIFY_VALUE(x) #x
#define PICTOR_STRINGIFY(x) PICTOR_STRINGIFY_VALUE(x)

// "LIBTIFF, Version 4.5.0\nCopyright …" -> "4.5.0"
std::string tiff_version() {
    std::string text = TIFFGetVersion();
    auto at = text.find("Version ");
    if (at == std::string::npos) return "unknown";
    auto start = at + 8;
    auto end = text.find_first_of(" \n", start);
    return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string webp_version() {
    int v = WebPGetDecoderVersion(); // 0xMMmmpp
    return std::to_string((v >> 16) & 0xff) + "." + std::to_string((v >> 8) & 0xff) + "." +
           std::to_string(v & 0xff);
}

} // namespace

std::vector<std::pair<std::string, std::string>> library_versions() {
    return {{"libvips", vips_version_string()},
            {"libjpeg-turbo", PICTOR_STRINGIFY(LIBJPEG_TURBO_VERSION)},
            {"libtiff", tiff_version()},
            {"libwebp", webp_version()},
            {"libyuv", std::to_string(LIBYUV_VERSION)}};
}

} // namespace pictor::engine
