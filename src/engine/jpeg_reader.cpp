// Flat JPEGs decoded with TurboJPEG at any of libjpeg-turbo's scaling factors (M/8, M = 1..8):
// libvips' loader offers only 1/2, 1/4 and 1/8, so a 2048 px JPEG asked at 1200 px is decoded
// whole and then reduced by 1.7. Decoding at 5/8 instead (1280 px, the inverse DCT scales for
// free) leaves 2.5 times fewer pixels to colour-convert, upsample and reduce. The decoded
// pixels stay in memory for the rest of the libvips pipeline, so this path is bounded to
// moderate decoded sizes; anything it does not cover (CMYK, damaged data, large decodes)
// returns nothing and the caller takes libvips' loader, which reports errors properly.
#include <algorithm>
#include <cmath>
#include <memory>

#include <turbojpeg.h>

#include "engine/vips_internal.h"

namespace pictor::engine::detail {
tjhandle jpeg_decompressor() {
    struct Handle {
        tjhandle h = tjInitDecompress();
        ~Handle() {
            if (h) tjDestroy(h);
        }
    };
    thread_local Handle handle;
    return handle.h;
}

std::optional<DecodedJpeg> decode_jpeg_scaled(const SourceInput& input, core::Size stored,
                                              double scale, std::int64_t max_pixels) {
    // The smallest M/8 that still has the resolution asked.
    int eighths = std::clamp(static_cast<int>(std::ceil(scale * 8 * (1.0 - 1e-9))), 1, 8);
    int width = (stored.width * eighths + 7) / 8, height = (stored.height * eighths + 7) / 8;
    if (static_cast<std::int64_t>(width) * height > max_pixels) return std::nullopt;
    std::uint64_t size = input_size(input);
    if (size == 0 || size > (256u << 20)) return std::nullopt;
    std::string bytes = read_range(input, 0, static_cast<std::size_t>(size));
    if (bytes.size() != size) return std::nullopt;
    auto* data = reinterpret_cast<unsigned char*>(bytes.data());
    int w = 0, h = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(jpeg_decompressor(), data, bytes.size(), &w, &h, &subsampling,
                            &colorspace) != 0 ||
        w != stored.width || h != stored.height)
        return std::nullopt;
    bool grey = colorspace == TJCS_GRAY;
    if (!grey && colorspace != TJCS_YCbCr && colorspace != TJCS_RGB) return std::nullopt;
    DecodedJpeg out;
    out.width = TJSCALED(w, (tjscalingfactor{eighths, 8}));
    out.height = TJSCALED(h, (tjscalingfactor{eighths, 8}));
    out.bands = grey ? 1 : 3;
    out.pixels.resize(static_cast<std::size_t>(out.width) * out.height * out.bands);
    // A warning (a truncated or corrupt stream) is a failure here: libvips' loader decides.
    if (tjDecompress2(jpeg_decompressor(), data, bytes.size(), out.pixels.data(), out.width,
                      out.width * out.bands, out.height, grey ? TJPF_GRAY : TJPF_RGB,
                      TJFLAG_STOPONWARNING) != 0)
        return std::nullopt;
    return out;
}

} // namespace pictor::engine::detail
