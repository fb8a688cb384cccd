// MediaWiki's thumbnail steps: the example of T425181 and the rules of docs/files.md.
#include <gtest/gtest.h>

#include "dialects/file/file_paths.h"
#include "dialects/file/thumbnail_steps.h"

namespace pictor::dialects::file {
namespace {

const std::vector<int> kWikimedia{20, 40, 60, 120, 250, 330, 500, 960, 1280, 1920, 3840};

TEST(ThumbnailSteps, MediaWikiExampleSixHundredByFourHundred) {
    auto v = thumbnail_variants({600, 400}, {20, 50, 100, 200});
    ASSERT_EQ(v.size(), 4u);
    std::vector<core::Size> want{{20, 13}, {50, 33}, {100, 67}, {200, 133}};
    for (std::size_t i = 0; i < v.size(); ++i)
        EXPECT_EQ(v[i].size, want[i]) << i;
}

TEST(ThumbnailSteps, OnlyStepsNarrowerThanTheOriginal) {
    auto v = thumbnail_variants({500, 300}, kWikimedia);
    ASSERT_EQ(v.size(), 6u); // 20..330; 500 is not narrower than 500
    EXPECT_EQ(v.back().step, 330);
    EXPECT_TRUE(thumbnail_variants({20, 20}, kWikimedia).empty());
}

TEST(ThumbnailSteps, PortraitImagesGetNarrowerThumbnails) {
    auto v = thumbnail_variants({600, 800}, kWikimedia);
    ASSERT_EQ(v.size(), 7u); // 20 .. 500, all narrower than 600
    EXPECT_EQ(v[3].step, 120);
    EXPECT_EQ(v[3].size, (core::Size{90, 120}));
}

// MediaWiki's responsive renditions are the step's box 1.5 and 2 times as large (its own
// example: the 120 step of a 1200x800 file has "2" = 240 px), none not narrower than the
// original, and each is a thumbnail /thumb/ serves.
TEST(ThumbnailSteps, ResponsiveUrlsAreTheDenserBoxesBelowTheOriginal) {
    auto find = [](const std::vector<ThumbnailVariant>& v, int step) {
        for (const auto& x : v)
            if (x.step == step) return x;
        return ThumbnailVariant{};
    };
    using Sizes = std::map<std::string, core::Size>;
    auto wiki = thumbnail_variants({1200, 800}, kWikimedia);
    EXPECT_EQ(find(wiki, 120).responsive, (Sizes{{"1.5", {180, 120}}, {"2", {240, 160}}}));
    EXPECT_EQ(find(wiki, 500).responsive, (Sizes{{"1.5", {750, 500}}, {"2", {1000, 667}}}));
    EXPECT_EQ(find(wiki, 960).responsive.size(), 0u); // 1440 and 1920 are beyond 1200
    auto v = thumbnail_variants({6000, 4000}, kWikimedia);
    EXPECT_EQ(find(v, 3840).responsive, (Sizes{{"1.5", {5760, 3840}}})); // 7680 is beyond
    auto small = thumbnail_variants({300, 200}, kWikimedia);
    EXPECT_EQ(small.back().step, 250);
    EXPECT_TRUE(small.back().responsive.empty()); // 375 and 500 would exceed the original
    // Portrait 600x800 at step 120 is 90 px wide: its 1.5x and 2x boxes are 180 and 240.
    auto portrait = thumbnail_variants({600, 800}, kWikimedia);
    EXPECT_EQ(portrait[3].responsive.at("1.5"), (core::Size{135, 180}));
    EXPECT_EQ(portrait[3].responsive.at("2"), (core::Size{180, 240}));
    // Every responsive width is a thumbnail of the file.
    EXPECT_EQ(thumbnail_of_width(wiki, 240), (core::Size{240, 160}));
    EXPECT_EQ(thumbnail_of_width(wiki, 120), (core::Size{120, 80}));
    EXPECT_FALSE(thumbnail_of_width(wiki, 241));
}

TEST(ThumbnailSteps, EveryVariantHasItsOwnWidthAndIsFoundByIt) {
    auto portrait = thumbnail_variants({400, 600}, kWikimedia);
    std::vector<int> widths;
    for (const auto& v : portrait)
        widths.push_back(v.size.width);
    EXPECT_EQ(widths, (std::vector<int>{13, 27, 40, 80, 167, 220}));
    ASSERT_NE(variant_of_width(portrait, 80), nullptr);
    EXPECT_EQ(variant_of_width(portrait, 80)->step, 120);
    EXPECT_EQ(variant_of_width(portrait, 120), nullptr); // a step, not a width of this file
    EXPECT_EQ(variant_at_least(portrait, 81)->size.width, 167);
    EXPECT_EQ(variant_at_least(portrait, 221), nullptr);
    // A very narrow portrait: 20, 40 and 60 would all be 1 px wide; only the first is kept.
    auto needle = thumbnail_variants({100, 10000}, kWikimedia);
    ASSERT_EQ(needle.size(), 1u);
    EXPECT_EQ(needle[0].size, (core::Size{1, 20}));
}

TEST(ThumbnailNames, FormatAndName) {
    EXPECT_EQ(thumbnail_file_name("photo.jpg", 120, core::ImageFormat::Jpeg), "120px-photo.jpg");
    EXPECT_EQ(thumbnail_file_name("a/b/pyramid.tif", 120, core::ImageFormat::Tiff),
              "120px-pyramid.tif.jpg");
    EXPECT_EQ(thumbnail_format(core::ImageFormat::Png), core::ImageFormat::Png);
    EXPECT_EQ(thumbnail_format(core::ImageFormat::Jp2), core::ImageFormat::Jpeg);
}

TEST(FilePaths, ParseOrExactError) {
    auto thumbs = parse_file_path("a%2Fb.jpg/thumbnails");
    ASSERT_TRUE(thumbs);
    EXPECT_EQ(thumbs->kind, FilePath::Kind::Thumbnails);
    EXPECT_EQ(thumbs->identifier, "a/b.jpg");
    auto info = parse_file_path("photo.jpg");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->kind, FilePath::Kind::Info);
    EXPECT_EQ(parse_file_path("a/b.jpg").error().code, core::ErrorCode::NotFound);
    auto t = parse_thumb_path("photo.jpg/120px-photo.jpg");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->width, 120);
    EXPECT_EQ(t->file_name, "photo.jpg");
    for (const char* bad : {"photo.jpg/px-photo.jpg", "photo.jpg/12x-photo.jpg",
                            "photo.jpg/-1px-photo.jpg", "photo.jpg/99999999999px-photo.jpg"})
        EXPECT_EQ(parse_thumb_path(bad).error().message,
                  "thumbnail file names are {width}px-{name}")
            << bad;
    EXPECT_EQ(parse_thumb_path("photo.jpg").error().code, core::ErrorCode::NotFound);
    EXPECT_EQ(parse_original_path("%zz").error().code, core::ErrorCode::BadRequest);
}

} // namespace
} // namespace pictor::dialects::file
