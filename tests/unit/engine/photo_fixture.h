#pragma once
// Shared by the engine's pixel tests: a photo-like test image, PSNR between two images, the
// plan of a crop and resize, and test images written to temporary files.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <vips/vips8>

#include "plan/plan.h"

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

// PSNR between two encoded images (decoded first), printed for the test log.
inline double encoded_psnr(const std::string& a, const std::string& b) {
    double db = psnr(vips::VImage::new_from_buffer(a.data(), a.size(), ""),
                     vips::VImage::new_from_buffer(b.data(), b.size(), ""));
    std::printf("PSNR %.1f dB\n", db);
    return db;
}

// A crop of `region` resized to `size`, encoded as `format` (quality 0: the engine's default).
inline plan::Plan plan_of(core::Rect region, core::Size size, core::ImageFormat format,
                          int quality = 0) {
    plan::Plan p;
    p.source = "test";
    p.ops = {plan::Crop{region}, plan::Resize{size}};
    p.encode.format = format;
    p.encode.quality = quality;
    return p;
}

// Test images written under the test temp folder, named by `tag`, removed at the end.
// A file's bytes, whole.
inline std::string file_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

class TempImages {
  public:
    explicit TempImages(std::string tag) : tag_(std::move(tag)) {}
    ~TempImages() {
        for (const auto& f : files_)
            std::filesystem::remove(f);
    }
    TempImages(const TempImages&) = delete;
    TempImages& operator=(const TempImages&) = delete;
    // A path for `name` that is removed at the end (nothing written yet).
    std::filesystem::path path(const std::string& name) {
        auto p = std::filesystem::path(::testing::TempDir()) /
                 ("pictor-" + tag_ + "-" + std::to_string(::getpid()) + "-" + name);
        files_.push_back(p);
        return p;
    }
    // `img` written as `name`; `options` are libvips' save options ("[Q=90]").
    std::filesystem::path save(const std::string& name, const vips::VImage& img,
                               const char* options = "") {
        auto p = path(name);
        img.write_to_file((p.string() + options).c_str());
        return p;
    }

  private:
    std::string tag_;
    std::vector<std::filesystem::path> files_;
};

} // namespace pictor::engine::test
