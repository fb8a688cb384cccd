#pragma once
// Shared by the engine's pixel tests: a photo-like test image and PSNR between two images.
#include <cmath>

#include <gtest/gtest.h>
#include <vips/vips8>

namespace pictor::engine::test {

// Photo-like: gradients, a ripple and grain, so JPEG has real work to do.
inline vips::VImage photo(int width, int height) {
    using vips::VImage;
    VImage xy = VImage::xyz(width, height);
    VImage r = xy.extract_band(0) * (255.0 / width);
    VImage g = xy.extract_band(1) * (255.0 / height);
    VImage b =
        VImage::sines(width, height, VImage::option()->set("hfreq", 9.0)->set("vfreq", 4.0)) * 60 +
        128;
    VImage noise = VImage::gaussnoise(width, height, VImage::option()->set("sigma", 4.0));
    return (r.bandjoin(g).bandjoin(b) + noise)
        .cast(VIPS_FORMAT_UCHAR)
        .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

// Peak signal-to-noise ratio in dB (99 for identical images); the sizes must match.
inline double psnr(const vips::VImage& x, const vips::VImage& y) {
    EXPECT_EQ(x.width(), y.width());
    EXPECT_EQ(x.height(), y.height());
    vips::VImage d = x.cast(VIPS_FORMAT_FLOAT) - y.cast(VIPS_FORMAT_FLOAT);
    double mse = (d * d).avg();
    return mse == 0 ? 99 : 10 * std::log10(255.0 * 255.0 / mse);
}

} // namespace pictor::engine::test
