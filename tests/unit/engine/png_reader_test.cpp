// PNG sources read with libspng (engine/png_reader.cpp) give exactly what libvips' own loader
// gives: the same pixels and bands for every colour type it covers, the colour profile, EXIF and
// resolution; the kinds it does not cover are left to libvips; a damaged file fails cleanly.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <vips/vips8>
#include <zlib.h>

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
    // A 16-bit image of its own: libvips 8.14's pngsave with bitdepth=16 on 8-bit pixels reads
    // past its rows and crashed this test one run in twenty.
    VImage rgb16 = (rgb.cast(VIPS_FORMAT_USHORT) * 257)
                       .cast(VIPS_FORMAT_USHORT)
                       .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_RGB16));
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
        {{"rgb16.png", false}, rgb16, ""},
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

// The chunks' CRC-32s are checked, the pixel stream's Adler-32 (which covers nothing the IDAT
// chunks' CRCs do not) is not: a wrong Adler-32 under right CRCs decodes to the same pixels, a
// wrong CRC over whole data is still refused as damage, the last IDAT's too (read after the last
// row).
TEST_F(PngReaderTest, ChunkChecksumsAreCheckedAndTheStreamChecksumIsNot) {
    auto whole = files_.save("whole.png", photo(200, 150).bandjoin(200));
    auto info = engine_.probe(whole);
    ASSERT_TRUE(info);
    const std::string bytes = test::file_bytes(whole);
    auto u32_at = [](const std::string& s, std::size_t at) {
        auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[at + i]); };
        return (std::uint32_t{b(0)} << 24) | (std::uint32_t{b(1)} << 16) | (b(2) << 8) | b(3);
    };
    auto put_u32 = [](std::string& s, std::size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            s[at + i] = static_cast<char>(v >> (24 - 8 * i));
    };
    // Chunks are length (4, big-endian), type (4), data, CRC-32 of type and data (4). The zlib
    // stream's Adler-32 is the last four bytes of the last IDAT's data.
    std::size_t type_at = bytes.rfind("IDAT");
    ASSERT_NE(type_at, std::string::npos);
    std::size_t length = u32_at(bytes, type_at - 4);
    std::size_t crc_at = type_at + 4 + length;

    std::string wrong_adler = bytes;
    wrong_adler[crc_at - 1] = static_cast<char>(~wrong_adler[crc_at - 1]);
    put_u32(wrong_adler, crc_at,
            static_cast<std::uint32_t>(
                crc32(0, reinterpret_cast<const Bytef*>(wrong_adler.data() + type_at),
                      static_cast<uInt>(4 + length))));
    std::string wrong_first_crc = bytes; // the CRC of the first IDAT
    std::size_t first_type_at = bytes.find("IDAT");
    std::size_t first_crc_at = first_type_at + 4 + u32_at(bytes, first_type_at - 4);
    ASSERT_NE(first_crc_at, crc_at); // more than one IDAT chunk
    wrong_first_crc[first_crc_at] = static_cast<char>(~wrong_first_crc[first_crc_at]);
    std::string wrong_last_crc = bytes; // read after the last row
    wrong_last_crc[crc_at] = static_cast<char>(~wrong_last_crc[crc_at]);

    auto adler_file = files_.path("adler.png");
    std::ofstream(adler_file, std::ios::binary) << wrong_adler;
    auto ours = open(adler_file);
    ASSERT_TRUE(ours);
    EXPECT_EQ(max_difference(*ours, VImage::new_from_file(whole.c_str())), 0.0);

    for (const auto& [name, damage] :
         {std::pair{"first-crc.png", wrong_first_crc}, std::pair{"last-crc.png", wrong_last_crc}}) {
        SCOPED_TRACE(name);
        auto crc_file = files_.path(name);
        std::ofstream(crc_file, std::ios::binary) << damage;
        auto damaged = open(crc_file);
        ASSERT_TRUE(damaged); // the header is sound: the damage is found while decoding
        EXPECT_THROW((void)damaged->avg(), vips::VError);
        vips_error_clear();
    }
}

} // namespace
} // namespace pictor::engine
