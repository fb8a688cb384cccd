// Flat JPEGs decoded with TurboJPEG at any of libjpeg-turbo's scaling factors (M/8, M = 1..8):
// libvips' loader offers only 1/2, 1/4 and 1/8, so a 2048 px JPEG asked at 1200 px is decoded
// whole and then reduced by 1.7. Decoding at 5/8 instead (1280 px, the inverse DCT scales for
// free) leaves 2.5 times fewer pixels to colour-convert, upsample and reduce. The decoded
// pixels stay in memory for the rest of the libvips pipeline, so this path is bounded to
// moderate decoded sizes; anything it does not cover (CMYK, damaged data, large decodes)
// returns nothing and the caller takes libvips' loader, which reports errors properly.
// A side-car build's decoded copy (engine/decoded_source.cpp) is read here too, at full size.
#include <algorithm>
#include <cmath>
#include <memory>

#include <turbojpeg.h>

#include "engine/vips_internal.h"

namespace pictor::engine::detail {
tjhandle jpeg_decompressor() { return per_thread_turbojpeg<tjInitDecompress>(); }

namespace {

// A JPEG file read whole, whose header TurboJPEG reads and agrees with the probe's size.
struct JpegFile {
    std::string bytes;
    bool grey = false;
    unsigned char* data() { return reinterpret_cast<unsigned char*>(bytes.data()); }
};

std::optional<JpegFile> read_jpeg(const SourceInput& input, core::Size stored) {
    std::uint64_t size = input_size(input);
    if (size == 0 || size > (256u << 20)) return std::nullopt;
    JpegFile file{read_range(input, 0, static_cast<std::size_t>(size))};
    if (file.bytes.size() != size) return std::nullopt;
    int w = 0, h = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(jpeg_decompressor(), file.data(), file.bytes.size(), &w, &h,
                            &subsampling, &colorspace) != 0 ||
        w != stored.width || h != stored.height)
        return std::nullopt;
    file.grey = colorspace == TJCS_GRAY;
    if (!file.grey && colorspace != TJCS_YCbCr && colorspace != TJCS_RGB) return std::nullopt;
    return file;
}

} // namespace

std::optional<DecodedJpeg> decode_jpeg_scaled(const SourceInput& input, core::Size stored,
                                              double scale, std::int64_t max_pixels) {
    // The smallest M/8 that still has the resolution asked.
    int eighths = std::clamp(static_cast<int>(std::ceil(scale * 8 * (1.0 - 1e-9))), 1, 8);
    int width = (stored.width * eighths + 7) / 8, height = (stored.height * eighths + 7) / 8;
    if (static_cast<std::int64_t>(width) * height > max_pixels) return std::nullopt;
    auto file = read_jpeg(input, stored);
    if (!file) return std::nullopt;
    DecodedJpeg out;
    out.width = TJSCALED(stored.width, (tjscalingfactor{eighths, 8}));
    out.height = TJSCALED(stored.height, (tjscalingfactor{eighths, 8}));
    out.bands = file->grey ? 1 : 3;
    out.pixels.resize(static_cast<std::size_t>(out.width) * out.height * out.bands);
    // A warning (a truncated or corrupt stream) is a failure here: libvips' loader decides.
    if (tjDecompress2(jpeg_decompressor(), file->data(), file->bytes.size(), out.pixels.data(),
                      out.width, out.width * out.bands, out.height,
                      file->grey ? TJPF_GRAY : TJPF_RGB, TJFLAG_STOPONWARNING) != 0)
        return std::nullopt;
    return out;
}

std::optional<RgbxImage> decode_jpeg_rgbx(const SourceInput& input, core::Size stored) {
    auto file = read_jpeg(input, stored);
    if (!file) return std::nullopt;
    auto out = allocate_rgbx(stored.width, stored.height);
    if (!out ||
        tjDecompress2(jpeg_decompressor(), file->data(), file->bytes.size(), out->pixels.get(),
                      out->width, out->stride(), out->height, TJPF_RGBX, TJFLAG_STOPONWARNING) != 0)
        return std::nullopt;
    return out;
}

} // namespace pictor::engine::detail
