#include <gtest/gtest.h>

#include "dialects/iiif/iiif_info.h"

namespace pictor::dialects::iiif {
namespace {

InfoInput input() {
    InfoInput in;
    in.id = "https://example.org/iiif/3/a";
    in.image = {6000, 4000};
    in.tile_size = 512;
    in.thumbnail_sizes = {"!1024,1024", "!400,400", "!200,200", "!100,100"};
    in.limits.formats = {core::ImageFormat::Jpeg, core::ImageFormat::Png, core::ImageFormat::Webp};
    in.limits.max_area = 40'000'000;
    return in;
}

TEST(IiifInfo, ScaleFactorsReachOneTile) {
    EXPECT_EQ(scale_factors({6000, 4000}, 512), (std::vector<int>{1, 2, 4, 8, 16}));
    EXPECT_EQ(scale_factors({512, 512}, 512), (std::vector<int>{1}));
    EXPECT_EQ(scale_factors({513, 10}, 512), (std::vector<int>{1, 2}));
}

TEST(IiifInfo, SizesAreConfinedAndNeverUpscaled) {
    auto sizes = listed_sizes({600, 300}, input().thumbnail_sizes, input().limits);
    ASSERT_EQ(sizes.size(), 4u); // 1024 would upscale: it becomes the full 600x300
    EXPECT_EQ(sizes[0], (core::Size{100, 50}));
    EXPECT_EQ(sizes[3], (core::Size{600, 300}));
}

TEST(IiifInfo, ThreeZeroShape) {
    auto j = build_info(Version::V3, input());
    EXPECT_EQ(j["@context"], "http://iiif.io/api/image/3/context.json");
    EXPECT_EQ(j["id"], "https://example.org/iiif/3/a");
    EXPECT_EQ(j["type"], "ImageService3");
    EXPECT_EQ(j["protocol"], "http://iiif.io/api/image");
    EXPECT_EQ(j["profile"], "level2");
    EXPECT_EQ(j["width"], 6000);
    EXPECT_EQ(j["maxWidth"], 10000);
    EXPECT_EQ(j["maxArea"], 40000000);
    EXPECT_EQ(j["tiles"][0]["scaleFactors"].size(), 5u);
    EXPECT_EQ(j["sizes"][0]["width"], 100);
    EXPECT_EQ(j["extraFormats"], nlohmann::json::array({"webp"}));
    EXPECT_TRUE(j["extraFeatures"].dump().find("sizeUpscaling") != std::string::npos);
}

TEST(IiifInfo, TwoOneShape) {
    auto j = build_info(Version::V2, input());
    EXPECT_EQ(j["@context"], "http://iiif.io/api/image/2/context.json");
    EXPECT_EQ(j["@id"], "https://example.org/iiif/3/a");
    EXPECT_EQ(j["profile"][0], "http://iiif.io/api/image/2/level2.json");
    EXPECT_EQ(j["profile"][1]["formats"], nlohmann::json::array({"jpg", "png", "webp"}));
    EXPECT_EQ(j["profile"][1]["maxWidth"], 10000);
    EXPECT_FALSE(j.contains("id"));
}

} // namespace
} // namespace pictor::dialects::iiif
