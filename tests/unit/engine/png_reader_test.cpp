// PNG sources read with libspng (engine/png_reader.cpp) give exactly what libvips' own loader
// gives: the same pixels and bands for every colour type it covers, the colour profile, EXIF and
// resolution; the kinds it does not cover are left to libvips; a damaged file fails cleanly.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <vips/vips8>

#include "engine/engine.h"
#include "engine/vips_internal.h"
#include "unit/engine/photo_fixture.h"

namespace pictor::engine {
namespace {

namespace fs = std::filesystem;
using test::photo;
using vips::VImage;

// The largest difference between two images' values (0: identical).
double max_difference(const VImage& a, const VImage& b) {
    EXPECT_EQ(a.width(), b.width());
    EXPECT_EQ(a.height(), b.height());
    EXPECT_EQ(a.bands(), b.bands());
    return (a.cast(VIPS_FORMAT_INT) - b.cast(VIPS_FORMAT_INT)).abs().max();
}

class PngReaderTest : public ::testing::Test {
  protected:
    std::optional<VImage> open(const fs::path& file) {
        auto info = engine_.probe(file);
        EXPECT_TRUE(info);
        return detail::open_png(file, *info);
    }
    Engine engine_{{}};
    test::TempImages files_{"png"};
};

struct Kind {
    const char* name;
    bool covered; // read by libspng, or left to libvips
};

TEST_F(PngReaderTest, EveryColourTypeItCoversIsDecodedAsLibvipsDecodesIt) {
    VImage rgb = photo(403, 301); // odd sizes: no row is a power of two
    VImage alpha = VImage::xyz(403, 301).extract_band(0).cast(VIPS_FORMAT_UCHAR);
    struct Row {
        Kind kind;
        VImage image;
        const char* options;
    };
    const Row rows[] = {
        {{"rgb.png", true}, rgb, ""},
        {{"rgba.png", true}, rgb.bandjoin(alpha), ""},
        {{"palette.png", true}, rgb, "[palette]"},
        {{"palette-alpha.png", true}, rgb.bandjoin(alpha), "[palette]"},
        {{"grey.png", false}, rgb.extract_band(1), ""},
        {{"rgb16.png", false}, rgb, "[bitdepth=16]"},
        {{"interlaced.png", false}, rgb, "[interlace]"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.kind.name);
        auto file = files_.save(row.kind.name, row.image, row.options);
        auto ours = open(file);
        ASSERT_EQ(ours.has_value(), row.kind.covered);
        if (!ours) continue;
        VImage theirs = VImage::new_from_file(file.c_str());
        EXPECT_EQ(max_difference(*ours, theirs), 0.0);
    }
}

TEST_F(PngReaderTest, TheProfileExifAndResolutionComeAlong) {
    // libvips embeds its sRGB profile, the EXIF block (an orientation) and 300 dpi.
    VImage img = photo(64, 48).icc_export(VImage::option()->set("output_profile", "srgb"));
    // A minimal EXIF block: one IFD holding Orientation = 6, little-endian.
    const unsigned char exif[] = {'E',  'x',  'i', 'f', 0, 0, 'I', 'I', 0x2a, 0, 8, 0, 0, 0, 1, 0,
                                  0x12, 0x01, 3,   0,   1, 0, 0,   0,   6,    0, 0, 0, 0, 0, 0, 0};
    img = img.copy();
    vips_image_set_blob_copy(img.get_image(), VIPS_META_EXIF_NAME, exif, sizeof exif);
    img.set(VIPS_META_ORIENTATION, 6);
    img = img.copy(VImage::option()->set("xres", 300 / 25.4)->set("yres", 300 / 25.4));
    auto file = files_.save("tagged.png", img);
    VImage theirs = VImage::new_from_file(file.c_str());
    auto ours = open(file);
    ASSERT_TRUE(ours);
    ASSERT_NE(theirs.get_typeof(VIPS_META_ICC_NAME), 0);
    std::size_t a = 0, b = 0;
    const void* p = ours->get_blob(VIPS_META_ICC_NAME, &a);
    const void* q = theirs.get_blob(VIPS_META_ICC_NAME, &b);
    EXPECT_EQ(std::string(static_cast<const char*>(p), a),
              std::string(static_cast<const char*>(q), b));
    ASSERT_NE(theirs.get_typeof(VIPS_META_EXIF_NAME), 0);
    ASSERT_NE(ours->get_typeof(VIPS_META_EXIF_NAME), 0);
    p = ours->get_blob(VIPS_META_EXIF_NAME, &a);
    q = theirs.get_blob(VIPS_META_EXIF_NAME, &b);
    EXPECT_EQ(std::string(static_cast<const char*>(p), a),
              std::string(static_cast<const char*>(q), b));
    EXPECT_EQ(theirs.get_int(VIPS_META_ORIENTATION), 6);
    EXPECT_EQ(ours->get_int(VIPS_META_ORIENTATION), 6); // from the probe
    EXPECT_NEAR(ours->xres(), theirs.xres(), 1e-3);
    EXPECT_NEAR(ours->yres(), theirs.yres(), 1e-3);
}

TEST_F(PngReaderTest, ADamagedFileFailsAsAVipsErrorAndRendersAsDamaged) {
    auto whole = files_.save("whole.png", photo(400, 300).bandjoin(128));
    auto info = engine_.probe(whole);
    ASSERT_TRUE(info);
    std::string bytes = test::file_bytes(whole);
    // Cut in the middle of the pixel data, and garbage in the middle of it.
    auto cut = files_.path("cut.png");
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    auto garbled = files_.path("garbled.png");
    std::string noisy = bytes;
    for (std::size_t i = noisy.size() / 2; i < noisy.size() / 2 + 256; ++i)
        noisy[i] = static_cast<char>(i * 37);
    std::ofstream(garbled, std::ios::binary) << noisy;
    for (const auto& file : {cut, garbled}) {
        SCOPED_TRACE(file.filename().string());
        auto png = detail::open_png(file, *info);
        ASSERT_TRUE(png);
        EXPECT_THROW((void)png->avg(), vips::VError);
        vips_error_clear();
        plan::Plan p = test::plan_of({0, 0, 400, 300}, {200, 150}, core::ImageFormat::Webp);
        auto r = engine_.render(file, *info, p, {});
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, core::ErrorCode::SourceCorrupt);
    }
}

} // namespace
} // namespace pictor::engine
