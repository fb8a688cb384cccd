// The blur and sharpen steps change pixels the way they should: a blurred checkerboard loses
// contrast, a sharpened soft edge gains it, and the size stays.
#include <filesystem>
#include <unistd.h>

#include <gtest/gtest.h>
#include <vips/vips8>

#include "engine/engine.h"

namespace pictor::engine {
namespace {

// A 64x64 grey checkerboard of 8 px squares, as PNG.
std::filesystem::path checkerboard() {
    auto path = std::filesystem::temp_directory_path() /
                ("pictor-checker-" + std::to_string(::getpid()) + ".png");
    static unsigned char pixels[64 * 64];
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            pixels[y * 64 + x] = ((x / 8 + y / 8) % 2) ? 230 : 20;
    vips::VImage::new_from_memory(pixels, sizeof pixels, 64, 64, 1, VIPS_FORMAT_UCHAR)
        .write_to_file(path.c_str());
    return path;
}

double deviation(const std::string& png) {
    auto img = vips::VImage::new_from_buffer(png.data(), png.size(), "");
    return img.deviate();
}

TEST(FilterSteps, BlurLowersAndSharpenRaisesContrast) {
    Engine engine({});
    auto path = checkerboard();
    auto info = engine.probe(path);
    ASSERT_TRUE(info) << info.error().message;
    auto render = [&](std::vector<plan::Operation> ops) {
        plan::Plan p;
        p.source = "checker";
        p.ops = std::move(ops);
        p.encode.format = core::ImageFormat::Png;
        auto out = engine.render(path, *info, p, {});
        EXPECT_TRUE(out);
        EXPECT_EQ(out->size, (core::Size{64, 64}));
        return deviation(out->bytes);
    };
    double plain = render({});
    double blurred = render({plan::Blur{3}});
    EXPECT_LT(blurred, plain * 0.8);
    double soft = render({plan::Blur{2}});
    double sharpened = render({plan::Blur{2}, plan::Sharpen{2}});
    EXPECT_GT(sharpened, soft);
    std::filesystem::remove(path);
}

} // namespace
} // namespace pictor::engine
