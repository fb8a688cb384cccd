// A source decoded whole into memory (what a viewer's side-car build holds while it writes):
// its levels are halvings of the upright image, tiles and thumbnails cut from it match the flat
// path (PSNR >= 40 dB), plans it cannot answer are left to the general path, and the pyramid
// written from it is the one written from the source.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <vips/vips8>

#include "engine/engine.h"
#include "unit/engine/photo_fixture.h"

namespace pictor::engine {
namespace {

namespace fs = std::filesystem;
using core::ImageFormat;
using core::Rect;
using core::Size;
using vips::VImage;

// Answers from the copy are JPEG: at this quality its own loss stays under what is compared.
constexpr int kQuality = 98;

plan::Plan plan_of(Rect region, Size size, ImageFormat format) {
    return test::plan_of(region, size, format, kQuality);
}

class DecodedSourceTest : public ::testing::Test {
  protected:
    fs::path make(const std::string& name, const VImage& img, const char* options = "") {
        return files_.save(name, img, options);
    }
    std::shared_ptr<const DecodedSource> decode(const fs::path& source) {
        auto decoded = engine_.decode_whole(source);
        EXPECT_TRUE(decoded) << (decoded ? "" : decoded.error().detail);
        return decoded ? *decoded : nullptr;
    }
    // The plan from the decoded copy (JPEG) and from the flat source (lossless PNG).
    double compare(const fs::path& flat, const DecodedSource& decoded, Rect region, Size size) {
        auto cut = engine_.render_decoded(decoded, plan_of(region, size, ImageFormat::Jpeg));
        auto info = engine_.probe(flat);
        auto reference = engine_.render(flat, *info, plan_of(region, size, ImageFormat::Png), {});
        EXPECT_TRUE(cut && reference);
        if (!cut || !reference) return 0;
        EXPECT_EQ(cut->size, size);
        return test::encoded_psnr(cut->bytes, reference->bytes);
    }
    Engine engine_{{}};
    test::TempImages files_{"decoded"};
};

TEST_F(DecodedSourceTest, TilesAndThumbnailsCutFromTheCopyMatchTheFlatPath) {
    auto flat = make("photo.jpg", test::photo(3000, 2000), "[Q=90]");
    auto decoded = decode(flat);
    ASSERT_TRUE(decoded);
    // 3000x2000, then halvings down to a thumbnail's size: 1500, 750, 375.
    EXPECT_EQ(decoded_bytes(*decoded),
              std::size_t{4} * (3000 * 2000 + 1500 * 1000 + 750 * 500 + 375 * 250));
    struct Case {
        Rect region;
        Size size;
    };
    for (auto c : {Case{{1024, 512, 512, 512}, {512, 512}},  // full-resolution tile
                   Case{{1024, 0, 1024, 1024}, {512, 512}},  // a tile of level 1
                   Case{{2048, 0, 952, 2000}, {238, 500}},   // an edge tile of level 2
                   Case{{2560, 1536, 440, 464}, {220, 232}}, // a small edge tile
                   Case{{0, 0, 3000, 2000}, {300, 200}},     // thumbnail
                   Case{{0, 0, 3000, 2000}, {1200, 800}}}) { // display size
        EXPECT_GE(compare(flat, *decoded, c.region, c.size), 40.0)
            << c.region.x << "," << c.region.y << " -> " << c.size.width;
    }
}

TEST_F(DecodedSourceTest, PlansBeyondACropAndAReduceAreLeftToTheGeneralPath) {
    auto flat = make("plans.jpg", test::photo(1200, 800), "[Q=90]");
    auto decoded = decode(flat);
    ASSERT_TRUE(decoded);
    Rect all{0, 0, 1200, 800};
    EXPECT_FALSE(engine_.render_decoded(*decoded, plan_of(all, {300, 200}, ImageFormat::Png)));
    EXPECT_FALSE(engine_.render_decoded(*decoded, plan_of(all, {2400, 1600}, ImageFormat::Jpeg)));
    auto rotated = plan_of(all, {300, 200}, ImageFormat::Jpeg);
    rotated.ops.push_back(plan::Rotate{90, {}});
    EXPECT_FALSE(engine_.render_decoded(*decoded, rotated));
    auto with_dpi = plan_of(all, {300, 200}, ImageFormat::Jpeg);
    with_dpi.encode.dpi_x = with_dpi.encode.dpi_y = 300;
    EXPECT_FALSE(engine_.render_decoded(*decoded, with_dpi));
    EXPECT_TRUE(engine_.render_decoded(*decoded, plan_of(all, {300, 200}, ImageFormat::Jpeg)));
}

TEST_F(DecodedSourceTest, AnExifRotatedSourceIsHeldUpright) {
    VImage stored = test::photo(1200, 800).copy();
    stored.set("orientation", 6); // displayed 800 wide, 1200 high
    auto flat = make("rotated.jpg", stored, "[Q=90]");
    auto decoded = decode(flat);
    ASSERT_TRUE(decoded);
    EXPECT_GE(compare(flat, *decoded, {0, 0, 800, 1200}, {400, 600}), 40.0);
    EXPECT_GE(compare(flat, *decoded, {100, 600, 512, 512}, {512, 512}), 40.0);
}

TEST_F(DecodedSourceTest, AlphaIsNotHeldAndDamageIsReported) {
    VImage rgb = test::photo(600, 400);
    VImage alpha = VImage::xyz(600, 400).extract_band(0).cast(VIPS_FORMAT_UCHAR);
    auto png = make("alpha.png", rgb.bandjoin(alpha));
    auto held = engine_.decode_whole(png);
    ASSERT_TRUE(held);
    EXPECT_EQ(*held, nullptr);

    auto whole = make("whole.jpg", rgb, "[Q=90]");
    std::string bytes;
    {
        std::ifstream in(whole, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto cut = make("cut.jpg", rgb); // replaced by half of the JPEG's bytes
    std::ofstream(cut, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 2);
    auto damaged = engine_.decode_whole(cut);
    ASSERT_FALSE(damaged);
    EXPECT_EQ(damaged.error().code, core::ErrorCode::SourceCorrupt);
}

TEST_F(DecodedSourceTest, ThePyramidWrittenFromTheCopyIsTheOneWrittenFromTheSource) {
    auto flat = make("same.jpg", test::photo(2000, 1500), "[Q=90]");
    auto decoded = decode(flat);
    ASSERT_TRUE(decoded);
    auto from_copy = make("copy.tif", test::photo(8, 8));
    auto from_source = make("source.tif", test::photo(8, 8));
    ASSERT_TRUE(engine_.write_pyramid(*decoded, from_copy));
    ASSERT_TRUE(engine_.write_pyramid(flat, from_source));
    auto a = engine_.probe(from_copy), b = engine_.probe(from_source);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->levels.size(), b->levels.size());
    EXPECT_EQ(a->size, b->size);
    for (auto [region, size] : {std::pair{Rect{512, 512, 512, 512}, Size{512, 512}},
                                std::pair{Rect{0, 0, 2000, 1500}, Size{400, 300}}}) {
        auto p = plan_of(region, size, ImageFormat::Png);
        auto x = engine_.render(from_copy, *a, p, {}), y = engine_.render(from_source, *b, p, {});
        ASSERT_TRUE(x && y);
        EXPECT_GE(test::encoded_psnr(x->bytes, y->bytes),
                  60.0); // the same pixels, the same JPEG encoder
    }
}

} // namespace
} // namespace pictor::engine
