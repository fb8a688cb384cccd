// Flat JPEGs read with TurboJPEG at M/8 scales (engine/jpeg_reader.cpp): the same picture as
// libvips' loader gives (compared with the lossless PNG of the same pixels), the decode only as
// large as the answer needs, upright for EXIF orientations, grey stays grey, and what it does not
// cover (CMYK, damaged files) is left to libvips, which answers or refuses as before.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <vips/vips8>

#include "engine/engine.h"
#include "unit/engine/photo_fixture.h"

namespace pictor::engine {
namespace {

namespace fs = std::filesystem;
using vips::VImage;

using test::photo;
using test::psnr;

class JpegReaderTest : public ::testing::Test {
  protected:
    fs::path save(const std::string& name, const VImage& img, const char* options = "") {
        return files_.save(name, img, options);
    }
    // The plan's answer as decoded pixels, and the stats of the render.
    VImage render(const fs::path& source, core::Size size, RenderStats* stats = nullptr,
                  core::Rect region = {}) {
        auto info = engine_.probe(source);
        EXPECT_TRUE(info) << (info ? "" : info.error().detail);
        if (region.width == 0) region = {0, 0, info->size.width, info->size.height};
        auto out = engine_.render(source, *info,
                                  test::plan_of(region, size, core::ImageFormat::Png), {}, stats);
        EXPECT_TRUE(out) << (out ? "" : out.error().detail);
        return out ? VImage::new_from_buffer(out->bytes.data(), out->bytes.size(), "").copy_memory()
                   : VImage::black(1, 1);
    }
    Engine engine_{{}};
    test::TempImages files_{"jr"};
};

TEST_F(JpegReaderTest, ScaledDecodesMatchTheLosslessSource) {
    auto jpeg = save("photo.jpg", photo(2048, 1536), "[Q=95]");
    // The reference: the JPEG's own pixels as PNG, rendered by libvips' loader and resize.
    auto png = save("photo.png", VImage::new_from_file(jpeg.c_str()));
    struct Case {
        core::Size size;
        std::int64_t decoded; // pixels the scaled decode produces
    };
    for (auto c : {Case{{1200, 900}, 1280 * 960}, // 5/8
                   Case{{1024, 768}, 1024 * 768}, // 4/8: exactly, nothing left to reduce
                   Case{{700, 525}, 768 * 576},   // 3/8
                   Case{{300, 225}, 512 * 384},   // 2/8
                   Case{{100, 75}, 256 * 192},    // 1/8, then a wide reduce
                   Case{{2048, 1536}, 2048 * 1536}}) {
        RenderStats stats;
        VImage got = render(jpeg, c.size, &stats);
        EXPECT_EQ(got.width(), c.size.width);
        EXPECT_EQ(got.height(), c.size.height);
        EXPECT_EQ(stats.decoded_pixels, c.decoded) << c.size.width;
        EXPECT_GE(psnr(got, render(png, c.size)), 38.0) << c.size.width;
    }
    // A region is cut from the scaled decode.
    VImage part = render(jpeg, {300, 300}, nullptr, {512, 256, 512, 512});
    EXPECT_GE(psnr(part, render(png, {300, 300}, nullptr, {512, 256, 512, 512})), 36.0);
}

TEST_F(JpegReaderTest, ExifOrientationsAreTurnedUpright) {
    VImage stored = photo(800, 600).copy();
    auto upright = save("upright.png", stored.rot90());
    stored.set("orientation", 6);
    auto jpeg = save("rotated.jpg", stored, "[Q=95]");
    VImage got = render(jpeg, {300, 400});
    ASSERT_EQ(got.width(), 300);
    EXPECT_GE(psnr(got, render(upright, {300, 400})), 36.0);
}

TEST_F(JpegReaderTest, GreyStaysGreyAndCmykIsLeftToLibvips) {
    VImage grey = photo(1000, 800).colourspace(VIPS_INTERPRETATION_B_W);
    auto g = save("grey.jpg", grey, "[Q=95]");
    VImage got = render(g, {500, 400});
    EXPECT_GE(psnr(got.colourspace(VIPS_INTERPRETATION_B_W).extract_band(0),
                   render(save("grey.png", VImage::new_from_file(g.c_str())), {500, 400})
                       .colourspace(VIPS_INTERPRETATION_B_W)
                       .extract_band(0)),
              38.0);
    VImage cmyk = photo(600, 400).icc_export(VImage::option()->set("output_profile", "cmyk"));
    auto c = save("cmyk.jpg", cmyk, "[Q=95]");
    EXPECT_EQ(render(c, {300, 200}).width(), 300);
}

// Damaged entropy-coded data: TurboJPEG stops at the first warning and libvips' loader decides;
// either way the answer is an image of the promised size or SourceCorrupt, never a crash.
TEST_F(JpegReaderTest, ADamagedJpegGetsWhatLibvipsGivesIt) {
    auto whole = save("whole.jpg", photo(1000, 800), "[Q=90]");
    std::ifstream in(whole, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    // Corrupt entropy-coded data in the middle (the file still ends with EOI).
    for (std::size_t i = bytes.size() / 2; i < bytes.size() / 2 + 400; ++i)
        bytes[i] = static_cast<char>(bytes[i] ^ (i * 37));
    auto bad = files_.path("bad.jpg");
    std::ofstream(bad, std::ios::binary) << bytes;
    auto info = engine_.probe(bad);
    if (!info) GTEST_SKIP() << "the probe already refuses it";
    plan::Plan p;
    p.source = "bad";
    p.ops = {plan::Resize{{500, 400}}}; // 5/8 would do for TurboJPEG
    p.encode.format = core::ImageFormat::Png;
    RenderStats stats;
    auto out = engine_.render(bad, *info, p, {}, &stats);
    if (!out) {
        EXPECT_EQ(out.error().code, core::ErrorCode::SourceCorrupt);
        return;
    }
    EXPECT_EQ(out->size, (core::Size{500, 400}));
}

} // namespace
} // namespace pictor::engine
