#include <webp/decode.h>

#include "engine/vips_internal.h"

namespace pictor::engine::detail {
namespace {

using vips::VImage;

int meta_int(const VImage& img, const char* name, int fallback) {
    return img.get_typeof(name) != 0 ? img.get_int(name) : fallback;
}

bool looks_reduced(core::Size prev, core::Size next) {
    // Each pyramid level is smaller than the one before and keeps the aspect ratio.
    if (next.width >= prev.width || next.height >= prev.height) return false;
    double a = static_cast<double>(prev.width) / prev.height;
    double b = static_cast<double>(next.width) / next.height;
    return std::abs(a - b) / a < 0.05 + 2.0 / next.height;
}

// Reduced levels stored as TIFF pages, TIFF sub-IFDs or JPEG 2000 resolution levels.
void probe_levels(const SourceInput& input, const VImage& first, SourceInfo& info) {
    info.levels = {info.stored};
    if (info.format != core::ImageFormat::Tiff && info.format != core::ImageFormat::Jp2) return;
    int subifds = meta_int(first, "n-subifds", 0);
    int pages = info.format == core::ImageFormat::Tiff ? meta_int(first, "n-pages", 1) : 12;
    info.level_kind = subifds > 0 ? LevelKind::SubIfd : LevelKind::Page;
    int count = subifds > 0 ? subifds + 1 : pages;
    for (int i = 1; i < count && i < 32; ++i) {
        auto* opts = VImage::option()->set("access", VIPS_ACCESS_RANDOM);
        if (subifds > 0)
            opts->set("subifd", i - 1);
        else
            opts->set("page", i);
        core::Size s;
        try {
            VImage level = open_image(input, loader_name(info.format), opts);
            s = {level.width(), level.height()};
        } catch (const vips::VError&) {
            break; // no more levels
        }
        if (!looks_reduced(info.levels.back(), s)) break;
        info.levels.push_back(s);
    }
    if (info.levels.size() == 1) info.level_kind = LevelKind::None;
}

// libvips 8.14's WebP loader allocates the whole canvas (4 bytes a pixel) already to read the
// header: 1 GiB of address space for a 16383 x 16383 bomb of 278 bytes. A WebP whose header
// (read by libwebp, no allocation) declares more than this is described from that header alone;
// no request may decode it anyway under the default limits.max_decoded_pixels.
constexpr std::int64_t kWebpHeaderOnlyPixels = 64'000'000;

// The size a still WebP's bitstream ('VP8 ' or 'VP8L' chunk) declares, from the chunk headers
// only; nothing for an animation (its canvas is its size) or a file that ends before it.
std::optional<core::Size> webp_bitstream_size(const SourceInput& input) {
    std::uint64_t offset = 12; // "RIFF", size, "WEBP"
    for (int chunk = 0; chunk < 16; ++chunk) {
        std::string head = read_range(input, offset, 8 + 30);
        if (head.size() < 8 + 10) return std::nullopt;
        std::string_view fourcc(head.data(), 4);
        if (fourcc == "ANMF") return std::nullopt;
        if (fourcc == "VP8 " || fourcc == "VP8L") {
            int w = 0, h = 0;
            // With its chunk header: libwebp then reads the frame header from a few bytes.
            if (!WebPGetInfo(reinterpret_cast<const std::uint8_t*>(head.data()), head.size(), &w,
                             &h))
                return std::nullopt;
            return core::Size{w, h};
        }
        auto byte = [&](int i) {
            return static_cast<std::uint64_t>(static_cast<std::uint8_t>(head[i]));
        };
        std::uint64_t size = byte(4) | byte(5) << 8 | byte(6) << 16 | byte(7) << 24;
        offset += 8 + size + (size & 1);
    }
    return std::nullopt;
}

// A WebP whose header (read by libwebp, no allocation) declares more than
// kWebpHeaderOnlyPixels, described from its headers alone; a canvas that disagrees with the
// still image's bitstream is damaged, as libvips would say.
std::optional<core::Result<SourceInfo>> large_webp(const SourceInput& input) {
    std::string head = read_range(input, 0, 64);
    WebPBitstreamFeatures features{};
    if (WebPGetFeatures(reinterpret_cast<const std::uint8_t*>(head.data()), head.size(),
                        &features) != VP8_STATUS_OK ||
        std::int64_t{features.width} * features.height <= kWebpHeaderOnlyPixels)
        return std::nullopt;
    core::Size canvas{features.width, features.height};
    if (auto bitstream = webp_bitstream_size(input); bitstream && *bitstream != canvas)
        return core::Result<SourceInfo>(core::Error{
            core::ErrorCode::SourceCorrupt, "the source image is damaged and cannot be read",
            "WebP canvas disagrees with its bitstream"});
    SourceInfo info;
    info.format = core::ImageFormat::Webp;
    info.stored = info.size = canvas;
    info.has_alpha = features.has_alpha != 0;
    info.levels = {info.stored};
    return core::Result<SourceInfo>(info);
}

} // namespace

core::Result<SourceInfo> probe_file(const SourceInput& input) {
    if (auto failed = open_failure(input)) return *failed;
    const char* loader = find_loader(input);
    vips_error_clear();
    auto format = format_of_loader(loader);
    if (!format && !open_failure(input)) {
        // libvips could not open it a moment ago (descriptors short) and can now: once more.
        loader = find_loader(input);
        vips_error_clear();
        format = format_of_loader(loader);
    }
    if (!format) {
        // No loader could read it, or none could open it: descriptors may have run out since.
        if (auto failed = open_failure(input)) return *failed;
        // No loader accepts it, yet it starts like an image pictor reads: a damaged file.
        if (auto announced = announced_format(input);
            announced && *announced != core::ImageFormat::Jxl)
            return core::Error{core::ErrorCode::SourceCorrupt,
                               "the source image is damaged and cannot be read", "no loader"};
        return format.error();
    }
    if (!file_is_complete(input, *format)) {
        if (auto failed = open_failure(input)) return *failed;
        return core::Error{core::ErrorCode::SourceCorrupt,
                           "the source image is damaged: the file ends early",
                           std::string(core::extension(*format)) + " file ends early"};
    }
    if (*format == core::ImageFormat::Webp)
        if (auto large = large_webp(input)) return std::move(*large);
    SourceInfo info;
    info.format = *format;
    try {
        VImage img = open_image(input, loader_name(info.format),
                                VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
        info.stored = {img.width(), img.height()};
        info.orientation = meta_int(img, VIPS_META_ORIENTATION, 1);
        if (info.orientation < 1 || info.orientation > 8) info.orientation = 1;
        info.size = orientation_swaps_axes(info.orientation)
                        ? core::Size{info.stored.height, info.stored.width}
                        : info.stored;
        info.has_alpha = img.has_alpha();
        info.has_icc = img.get_typeof(VIPS_META_ICC_NAME) != 0;
        if (info.format == core::ImageFormat::Heif && img.get_typeof("heif-compression") != 0 &&
            std::string(img.get_string("heif-compression")) == "av1")
            info.format = core::ImageFormat::Avif;
        info.tiled =
            info.format == core::ImageFormat::Tiff || info.format == core::ImageFormat::Jp2;
        probe_levels(input, img, info);
        if (info.format == core::ImageFormat::Tiff) info.read_unit = tiff_read_unit(input);
    } catch (const vips::VError& e) {
        vips_error_clear();
        if (auto failed = read_failure(e, input)) return *failed;
        return core::Error{core::ErrorCode::SourceCorrupt,
                           "the source image is damaged and cannot be read", e.what()};
    }
    return info;
}

core::Result<void> verify_file(const std::filesystem::path& path, const SourceInfo& info) {
    try {
        // Every pixel decoded once, in strips, and thrown away: damage anywhere fails here.
        VImage img = VImage::new_from_file(path.c_str(), VImage::option()
                                                             ->set("access", VIPS_ACCESS_SEQUENTIAL)
                                                             ->set("fail_on", VIPS_FAIL_ON_ERROR));
        if (img.width() != info.stored.width || img.height() != info.stored.height)
            throw vips::VError("the image's size changed between reads");
        (void)img.avg();
    } catch (const vips::VError& e) {
        vips_error_clear();
        return core::Error{core::ErrorCode::SourceCorrupt,
                           "the image is damaged or truncated and cannot be decoded", e.what()};
    }
    return {};
}

} // namespace pictor::engine::detail
