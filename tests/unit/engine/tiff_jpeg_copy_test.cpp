// Tiles of JPEG-compressed pyramids at a level's own scale are assembled from the stored tiles'
// DCT coefficients (engine/tiff_jpeg_copy.cpp): nothing is decoded (RenderStats says so), the
// answer is coded as pictor's encoder codes it (YCbCr, 4:2:0 below quality 90, the quality's
// tables) whatever the tiles' coding, and its pixels match the general libvips path. Regions off
// the block grid, and damaged tiles, take the decoding paths instead.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <tiffio.h>
#include <vips/vips8>

#include "engine/engine.h"
#include "unit/engine/photo_fixture.h"

namespace pictor::engine {
namespace {

namespace fs = std::filesystem;
using test::encoded_psnr;
using test::photo;
using test::plan_of;
using vips::VImage;

// What the answer's JPEG says of itself.
struct Coding {
    std::string subsample; // "4:2:0", "4:4:4"
    VipsInterpretation interpretation = VIPS_INTERPRETATION_ERROR;
    int width = 0, height = 0;
};
Coding coding_of(const std::string& jpeg) {
    VImage img = VImage::new_from_buffer(jpeg.data(), jpeg.size(), "");
    Coding c;
    c.subsample =
        img.get_typeof("jpeg-chroma-subsample") ? img.get_string("jpeg-chroma-subsample") : "";
    c.interpretation = img.interpretation();
    c.width = img.width();
    c.height = img.height();
    return c;
}

// How a TIFF's JPEG tiles are coded.
struct StoredCoding {
    const char* name;
    int quality;
    std::uint16_t photometric; // PHOTOMETRIC_RGB or PHOTOMETRIC_YCBCR
    int subsampling;           // 1 (full chroma) or 2 (4:2:0), for YCbCr
};

// The 1500x1000 photograph as one level of 256 px JPEG tiles coded as `c` says, written with
// libtiff itself (libvips 8.14 chooses the coding from the quality alone).
void write_tiled(const fs::path& path, const StoredCoding& c) {
    VImage img = photo(1500, 1000);
    std::size_t size = 0;
    auto* pixels = static_cast<unsigned char*>(img.write_to_memory(&size));
    TIFF* t = TIFFOpen(path.c_str(), "w");
    ASSERT_NE(t, nullptr);
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, 1500);
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, 1000);
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_TILEWIDTH, 256);
    TIFFSetField(t, TIFFTAG_TILELENGTH, 256);
    TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_JPEG);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, c.photometric);
    if (c.photometric == PHOTOMETRIC_YCBCR)
        TIFFSetField(t, TIFFTAG_YCBCRSUBSAMPLING, c.subsampling, c.subsampling);
    TIFFSetField(t, TIFFTAG_JPEGQUALITY, c.quality);
    TIFFSetField(t, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB); // libtiff converts RGB pixels
    std::vector<unsigned char> tile(256 * 256 * 3);
    for (int ty = 0; ty < 1000; ty += 256)
        for (int tx = 0; tx < 1500; tx += 256) {
            std::fill(tile.begin(), tile.end(), 0);
            for (int y = 0; y < 256 && ty + y < 1000; ++y)
                for (int x = 0; x < 256 && tx + x < 1500; ++x)
                    for (int b = 0; b < 3; ++b)
                        tile[(y * 256 + x) * 3 + b] = pixels[((ty + y) * 1500 + tx + x) * 3 + b];
            ASSERT_GT(TIFFWriteTile(t, tile.data(), tx, ty, 0, 0), 0);
        }
    TIFFClose(t);
    g_free(pixels);
}

class TiffJpegCopyTest : public ::testing::Test {
  protected:
    // A 1500x1000 photograph as a libvips pyramid of 256 px JPEG tiles written with `options`.
    fs::path pyramid(const std::string& name, const std::string& options) {
        return files_.save(
            name, photo(1500, 1000),
            ("[tile,pyramid,compression=jpeg,tile-width=256,tile-height=256," + options + "]")
                .c_str());
    }
    fs::path tiled(const StoredCoding& c) {
        auto path = files_.path(c.name);
        write_tiled(path, c);
        return path;
    }
    struct Answer {
        std::string jpeg, png; // the copy (or decode) and libvips' general path
        RenderStats stats;
    };
    Answer render(const fs::path& file, core::Rect region, core::Size size, int quality = 0) {
        auto info = engine_.probe(file);
        EXPECT_TRUE(info);
        Answer a;
        auto jpeg = engine_.render(
            file, *info, plan_of(region, size, core::ImageFormat::Jpeg, quality), {}, &a.stats);
        auto png = engine_.render(file, *info, plan_of(region, size, core::ImageFormat::Png), {});
        EXPECT_TRUE(jpeg && png);
        if (jpeg) a.jpeg = jpeg->bytes;
        if (png) a.png = png->bytes;
        return a;
    }
    Engine engine_{{}};
    test::TempImages files_{"dctcopy"};
};

TEST_F(TiffJpegCopyTest, EveryTileCodingIsAnsweredWithoutDecodingAndMatchesTheGeneralPath) {
    // One row per way tiles are coded; every one is answered as pictor's encoder would code it.
    const StoredCoding rows[] = {
        {"rgb-q90.tif", 90, PHOTOMETRIC_RGB, 1},      // RGB JPEG (what libvips writes at 90+)
        {"ycc420-q75.tif", 75, PHOTOMETRIC_YCBCR, 2}, // 4:2:0, coarser than the answer
        {"ycc444-q85.tif", 85, PHOTOMETRIC_YCBCR, 1}, // full chroma
        {"ycc420-q95.tif", 95, PHOTOMETRIC_YCBCR, 2}, // 4:2:0, finer than the answer
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto file = tiled(row);
        // One stored tile, four, parts of four, a right-hand and bottom edge tile.
        struct Case {
            core::Rect region;
            core::Size size;
        };
        const Case cases[] = {{{256, 256, 256, 256}, {256, 256}},
                              {{512, 0, 512, 512}, {512, 512}},
                              {{128, 384, 400, 300}, {400, 300}},
                              {{1024, 512, 476, 488}, {476, 488}}};
        for (const auto& c : cases) {
            auto a = render(file, c.region, c.size);
            EXPECT_EQ(a.stats.decoded_pixels, 0) << c.region.x << "," << c.region.y;
            Coding coding = coding_of(a.jpeg);
            EXPECT_EQ(coding.subsample, "4:2:0");
            EXPECT_EQ(coding.interpretation, VIPS_INTERPRETATION_sRGB);
            EXPECT_EQ(coding.width, c.size.width);
            EXPECT_EQ(coding.height, c.size.height);
            EXPECT_GE(encoded_psnr(a.jpeg, a.png), 36.0);
        }
    }
}

TEST_F(TiffJpegCopyTest, ALevelOfALibvipsPyramidIsAssembledToo) {
    auto file = pyramid("pyr.tif", "Q=90");
    auto a = render(file, {0, 0, 1024, 1000}, {512, 500}); // level 1 (750x500)
    EXPECT_EQ(a.stats.level, 1);
    EXPECT_EQ(a.stats.decoded_pixels, 0);
    EXPECT_EQ(coding_of(a.jpeg).width, 512);
    EXPECT_GE(encoded_psnr(a.jpeg, a.png), 36.0);
}

TEST_F(TiffJpegCopyTest, AHighQualityKeepsFullChromaAndTheBytesFollowTheQuality) {
    auto file = pyramid("rgb.tif", "Q=95");
    auto high = render(file, {512, 256, 512, 512}, {512, 512}, 95);
    auto low = render(file, {512, 256, 512, 512}, {512, 512}, 60);
    EXPECT_EQ(high.stats.decoded_pixels, 0);
    EXPECT_EQ(coding_of(high.jpeg).subsample, "4:4:4");
    EXPECT_EQ(coding_of(low.jpeg).subsample, "4:2:0");
    EXPECT_GT(high.jpeg.size(), 2 * low.jpeg.size());
    EXPECT_GE(encoded_psnr(high.jpeg, high.png), 40.0);
    EXPECT_GE(encoded_psnr(low.jpeg, low.png), 32.0);
}

TEST_F(TiffJpegCopyTest, ARegionOffTheBlockGridIsDecodedInstead) {
    auto file = pyramid("grid.tif", "Q=90");
    // 4:2:0 answers need corners on a 16 px grid; 8 px off is decoded (and still right).
    auto a = render(file, {264, 256, 256, 256}, {256, 256});
    EXPECT_GT(a.stats.decoded_pixels, 0);
    EXPECT_EQ(coding_of(a.jpeg).width, 256);
    EXPECT_GE(encoded_psnr(a.jpeg, a.png), 36.0);
}

TEST_F(TiffJpegCopyTest, ADamagedTileIsNeverAnsweredFromItsCoefficients) {
    auto file = pyramid("damaged.tif", "Q=90");
    // Overwrite the middle of the file (tile data of the full-resolution level) with garbage.
    {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(fs::file_size(file) / 3));
        std::string junk(4096, '\xff');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    auto info = engine_.probe(file);
    ASSERT_TRUE(info);
    for (int y = 0; y < 1000 - 256; y += 256)
        for (int x = 0; x < 1500 - 256; x += 256) {
            RenderStats stats;
            auto r = engine_.render(file, *info,
                                    plan_of({x, y, 256, 256}, {256, 256}, core::ImageFormat::Jpeg),
                                    {}, &stats);
            // Either refused as damaged, or an answer; never a crash. A copied answer comes only
            // from tiles libjpeg read without a warning.
            if (r) {
                EXPECT_EQ(coding_of(r->bytes).width, 256);
            }
        }
}

} // namespace
} // namespace pictor::engine
