// Pyramids written by the engine (`pictor process --pyramid` and the side-cars): JPEG tiles for
// photographs, lossless for alpha; renders from the pyramid match renders from the flat source
// (PSNR >= 40 dB, upright for EXIF-rotated sources); the direct read-and-reduce path for
// thumbnails matches libvips' general path.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <tiffio.h>
#include <vips/vips8>

#include "engine/engine.h"
#include "unit/engine/photo_fixture.h"

namespace pictor::engine {
namespace {

namespace fs = std::filesystem;
using vips::VImage;

using test::photo;

std::uint16_t compression_of(const fs::path& tiff) {
    TIFF* t = TIFFOpen(tiff.c_str(), "r");
    std::uint16_t c = 0;
    if (t) {
        TIFFGetField(t, TIFFTAG_COMPRESSION, &c);
        TIFFClose(t);
    }
    return c;
}

using test::encoded_psnr;
using test::plan_of;

class PyramidTest : public ::testing::Test {
  protected:
    fs::path make(const std::string& name, const VImage& img, const char* options = "") {
        return files_.save(name, img, options);
    }
    fs::path pyramid_of(const fs::path& source) {
        auto out = files_.path(source.filename().string() + ".tif");
        auto written = engine_.write_pyramid(source, out);
        EXPECT_TRUE(written) << (written ? "" : written.error().detail);
        return out;
    }
    // The same plan from the flat source and from its pyramid, as lossless PNG.
    double compare(const fs::path& flat, const fs::path& pyr, core::Rect region, core::Size size) {
        auto flat_info = engine_.probe(flat);
        auto pyr_info = engine_.probe(pyr);
        EXPECT_TRUE(flat_info && pyr_info);
        auto p = plan_of(region, size, core::ImageFormat::Png);
        auto a = engine_.render(flat, *flat_info, p, {});
        auto b = engine_.render(pyr, *pyr_info, p, {});
        EXPECT_TRUE(a && b);
        return encoded_psnr(a->bytes, b->bytes);
    }
    Engine engine_{{}};
    test::TempImages files_{"pyr"};
};

TEST_F(PyramidTest, APhotographGetsJpegTilesAndNoVisibleLoss) {
    auto flat = make("photo.jpg", photo(3000, 2000), "[Q=90]");
    auto pyr = pyramid_of(flat);
    EXPECT_EQ(compression_of(pyr), COMPRESSION_JPEG);
    auto info = engine_.probe(pyr);
    ASSERT_TRUE(info);
    EXPECT_TRUE(info->tiled);
    EXPECT_GE(info->levels.size(), 4u);
    EXPECT_EQ(info->size, (core::Size{3000, 2000}));
    struct Case {
        core::Rect region;
        core::Size size;
    };
    for (auto c : {Case{{0, 0, 3000, 2000}, {300, 200}},    // thumbnail
                   Case{{0, 0, 3000, 2000}, {1200, 800}},   // display size
                   Case{{1024, 512, 512, 512}, {512, 512}}, // full-resolution tile
                   Case{{1024, 0, 1024, 1024}, {512, 512}}, // a tile of level 1
                   Case{{2560, 1536, 440, 464}, {220, 232}}}) {
        double db = compare(flat, pyr, c.region, c.size);
        EXPECT_GE(db, 40.0) << c.region.x << "," << c.region.y << " -> " << c.size.width;
    }
}

TEST_F(PyramidTest, AlphaAndLosslessSourcesStayLossless) {
    VImage rgb = photo(1200, 800);
    VImage alpha = VImage::xyz(1200, 800).extract_band(0).cast(VIPS_FORMAT_UCHAR);
    auto flat = make("alpha.png", rgb.bandjoin(alpha));
    auto pyr = pyramid_of(flat);
    EXPECT_EQ(compression_of(pyr), COMPRESSION_ADOBE_DEFLATE);
    auto info = engine_.probe(pyr);
    ASSERT_TRUE(info);
    EXPECT_TRUE(info->has_alpha);
    EXPECT_GE(compare(flat, pyr, {0, 0, 1200, 800}, {1200, 800}), 99.0); // identical
    EXPECT_GE(compare(flat, pyr, {0, 0, 1200, 800}, {300, 200}), 40.0);

    auto png = make("opaque.png", rgb);
    EXPECT_EQ(compression_of(pyramid_of(png)), COMPRESSION_ADOBE_DEFLATE);
}

TEST_F(PyramidTest, AnExifRotatedSourceBecomesAnUprightPyramid) {
    VImage stored = photo(1200, 800).copy();
    stored.set("orientation", 6); // displayed 800 wide, 1200 high
    auto flat = make("rotated.jpg", stored, "[Q=90]");
    auto flat_info = engine_.probe(flat);
    ASSERT_TRUE(flat_info);
    ASSERT_EQ(flat_info->orientation, 6);
    auto pyr = pyramid_of(flat);
    auto info = engine_.probe(pyr);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->orientation, 1);
    EXPECT_EQ(info->size, (core::Size{800, 1200}));
    EXPECT_GE(compare(flat, pyr, {0, 0, 800, 1200}, {400, 600}), 40.0);
    EXPECT_GE(compare(flat, pyr, {100, 600, 512, 512}, {512, 512}), 40.0);
}

TEST_F(PyramidTest, AThumbnailReadFromTheLevelAboveMatchesTheGeneralPath) {
    auto flat = make("thumb.jpg", photo(3000, 2000), "[Q=90]");
    auto pyr = pyramid_of(flat);
    auto info = engine_.probe(pyr);
    ASSERT_TRUE(info);
    // JPEG answers take the direct path (tiles of the 375x250 level, libyuv's box filter); PNG
    // answers take libvips' (Lanczos 3). Both from the same level.
    for (core::Size size : {core::Size{300, 200}, core::Size{200, 133}, core::Size{640, 427}}) {
        RenderStats direct_stats, general_stats;
        auto direct =
            engine_.render(pyr, *info, plan_of({0, 0, 3000, 2000}, size, core::ImageFormat::Jpeg),
                           {}, &direct_stats);
        auto general =
            engine_.render(pyr, *info, plan_of({0, 0, 3000, 2000}, size, core::ImageFormat::Png),
                           {}, &general_stats);
        ASSERT_TRUE(direct && general);
        EXPECT_EQ(direct->size, size);
        EXPECT_EQ(direct_stats.level, general_stats.level);
        EXPECT_GT(direct_stats.level, 0);
        EXPECT_GE(encoded_psnr(direct->bytes, general->bytes), 30.0) << size.width;
    }
}

TEST_F(PyramidTest, ADamagedSourceIsRefusedAndLeavesNoFile) {
    auto flat = make("whole.jpg", photo(1200, 800), "[Q=90]");
    std::string bytes = test::file_bytes(flat);
    auto cut = files_.path("cut.jpg");
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    auto out = files_.path("cut.tif");
    auto written = engine_.write_pyramid(cut, out);
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, core::ErrorCode::SourceCorrupt);
    EXPECT_FALSE(fs::exists(out));
    for (const auto& e : fs::directory_iterator(out.parent_path())) // no half-written temp
        EXPECT_EQ(e.path().filename().string().find("write.tmp-"), std::string::npos);
}

// The file is written as its tiles are made, not assembled in memory first (that held the
// whole side-car, 43 MB for a 24 MP photograph, and a copy of it): half way through the
// build, its temp file beside the target already holds the first level's tiles.
TEST_F(PyramidTest, IsWrittenToDiskWhileItIsMade) {
    auto flat = make("streamed.jpg", photo(3000, 2000), "[Q=90]");
    auto dir = fs::temp_directory_path() / ("pictor-streamed-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::uintmax_t on_disk_half_way = 0;
    auto written = engine_.write_pyramid(flat, dir / "streamed.tif", [&](int percent) {
        if (percent < 50 || on_disk_half_way > 0) return;
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().filename().string().starts_with("write.tmp-"))
                on_disk_half_way = e.file_size();
    });
    ASSERT_TRUE(written) << written.error().detail;
    EXPECT_GT(on_disk_half_way, 100'000u);
    EXPECT_LT(on_disk_half_way, fs::file_size(dir / "streamed.tif"));
    fs::remove_all(dir);
}

} // namespace
} // namespace pictor::engine
