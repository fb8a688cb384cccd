// JPEG answers written from memory (engine/jpeg_writer.cpp) code the same pixels TurboJPEG
// would with its accurate DCT, in fewer bytes: optimised Huffman tables always, progressive scans
// for thumbnails, baseline for tiles; 4:2:0 below quality 90, 4:4:4 from it.
#include <string>

#include <gtest/gtest.h>
#include <turbojpeg.h>
#include <vips/vips8>

#include "engine/vips_internal.h"
#include "unit/engine/photo_fixture.h"

namespace pictor::engine {
namespace {

using test::photo;
using vips::VImage;

struct Written {
    std::string ours, turbo; // the writer's, and TurboJPEG's (accurate DCT) on the same pixels
};

Written write_both(int width, int height, int quality, bool optimize = true) {
    VImage img = photo(width, height);
    std::size_t size = 0;
    auto* pixels = static_cast<unsigned char*>(img.bandjoin_const({255}).write_to_memory(&size));
    Written w;
    w.ours = detail::encode_jpeg_rgbx(pixels, width, height, {quality, optimize});
    tjhandle h = tjInitCompress();
    unsigned char* out = nullptr;
    unsigned long length = 0;
    EXPECT_EQ(tjCompress2(h, pixels, width, width * 4, height, TJPF_RGBX, &out, &length,
                          quality >= 90 ? TJSAMP_444 : TJSAMP_420, quality, TJFLAG_ACCURATEDCT),
              0);
    w.turbo.assign(reinterpret_cast<const char*>(out), length);
    tjFree(out);
    tjDestroy(h);
    g_free(pixels);
    return w;
}

VImage decoded(const std::string& jpeg) {
    return VImage::new_from_buffer(jpeg.data(), jpeg.size(), "");
}

TEST(JpegWriter, ThumbnailsAreProgressiveTilesBaselineAndBothSmallerForTheSamePixels) {
    struct Row {
        int width, height, quality;
        bool progressive;
        const char* subsample;
    };
    const Row rows[] = {{300, 200, 80, true, "4:2:0"},
                        {400, 400, 85, true, "4:2:0"},
                        {512, 512, 80, false, "4:2:0"},
                        {1200, 900, 80, false, "4:2:0"},
                        {300, 200, 92, true, "4:4:4"}};
    for (const auto& r : rows) {
        SCOPED_TRACE(std::to_string(r.width) + "x" + std::to_string(r.height));
        auto w = write_both(r.width, r.height, r.quality);
        VImage ours = decoded(w.ours);
        EXPECT_EQ(ours.get_int("jpeg-multiscan") != 0, r.progressive);
        EXPECT_EQ(std::string(ours.get_string("jpeg-chroma-subsample")), r.subsample);
        // The same coefficients: progressive scans and Huffman tables change only the bytes.
        EXPECT_EQ(test::psnr(ours, decoded(w.turbo)), 99.0); // identical
        EXPECT_LT(w.ours.size(), w.turbo.size() * 99 / 100);
    }
}

TEST(JpegWriter, WithoutOptimisingItWritesWhatTurboJpegWrites) {
    // engine.jpeg_optimize = false: baseline, the standard Huffman tables, the same bytes.
    for (auto [w, h] : {std::pair{300, 200}, std::pair{512, 512}}) {
        auto written = write_both(w, h, 80, false);
        EXPECT_EQ(decoded(written.ours).get_int("jpeg-multiscan"), 0);
        EXPECT_EQ(test::psnr(decoded(written.ours), decoded(written.turbo)), 99.0);
        EXPECT_EQ(written.ours.size(), written.turbo.size());
    }
}

} // namespace
} // namespace pictor::engine
