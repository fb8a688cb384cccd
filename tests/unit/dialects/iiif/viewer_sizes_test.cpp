// The sizes rule for OpenSeadragon 5 (Mirador 4): a table of images, tile sizes and listed
// thumbnails, each checked against OpenSeadragon 5's own test (a list of maxLevel or
// maxLevel + 1 sizes is taken for the levels) and for what must stay listed.
#include <gtest/gtest.h>

#include "dialects/iiif/iiif_info.h"
#include "dialects/iiif/viewer_sizes.h"

namespace pictor::dialects::iiif {
namespace {

using Sizes = std::vector<core::Size>;

// OpenSeadragon 5.0.1's IIIFTileSource, re-stated: its level sizes when it uses `sizes`.
std::optional<Sizes> osd5_levels(Sizes sizes, core::Size image, const std::vector<int>& factors) {
    std::size_t max_level = factors.size() - 1;
    if (sizes.size() != max_level && sizes.size() != max_level + 1) return std::nullopt;
    std::sort(sizes.begin(), sizes.end(), [](auto a, auto b) { return a.width < b.width; });
    if (sizes.size() == max_level) sizes.push_back(image);
    return sizes;
}

auto any_size = [](core::Size) { return true; };

TEST(ViewerSizes, LevelsAreTheImageDividedAndRoundedUp) {
    EXPECT_EQ(level_sizes({6000, 4000}, {1, 2, 4, 8, 16}),
              (Sizes{{375, 250}, {750, 500}, {1500, 1000}, {3000, 2000}, {6000, 4000}}));
    EXPECT_EQ(level_sizes({1001, 333}, {1, 2}), (Sizes{{501, 167}, {1001, 333}}));
}

struct Row {
    const char* name;
    core::Size image;
    int tile;
    Sizes thumbnails;
};

class ViewerSizesTable : public ::testing::TestWithParam<Row> {};

TEST_P(ViewerSizesTable, OpenSeadragonFiveNeverMisreadsAndThumbnailsStay) {
    const Row& row = GetParam();
    auto factors = scale_factors(row.image, row.tile);
    auto listed = sizes_for_viewers(row.thumbnails, row.image, factors, any_size);
    for (auto t : row.thumbnails)
        EXPECT_NE(std::find(listed.begin(), listed.end(), t), listed.end())
            << row.name << ": thumbnail " << t.width << "x" << t.height << " is still listed";
    if (auto read = osd5_levels(listed, row.image, factors)) {
        EXPECT_EQ(*read, level_sizes(row.image, factors)) << row.name << ": misread as levels";
    }
    for (std::size_t i = 1; i < listed.size(); ++i)
        EXPECT_LT(listed[i - 1].area(), listed[i].area()) << row.name << ": ascending, unique";
}

INSTANTIATE_TEST_SUITE_P(
    Images, ViewerSizesTable,
    ::testing::Values(
        // The case: 4 thumbnails, 5 levels (6000x4000, 512 px tiles).
        Row{"photo", {6000, 4000}, 512, {{100, 67}, {200, 133}, {400, 267}, {1024, 683}}},
        // Exactly as many thumbnails as levels.
        Row{"pyramid", {2048, 1536}, 512, {{100, 75}, {200, 150}, {400, 300}}},
        Row{"as many", {2048, 1536}, 256, {{100, 75}, {200, 150}, {400, 300}, {1024, 768}}},
        // Already the levels: left alone.
        Row{"levels", {2048, 1536}, 512, {{512, 384}, {1024, 768}, {2048, 1536}}},
        // Fewer thumbnails than levels - 1, and more than levels: safe as they are.
        Row{"few", {6000, 4000}, 512, {{100, 67}}},
        Row{"many", {1200, 800}, 512, {{10, 7}, {100, 67}, {200, 133}, {400, 267}}},
        // One tile: one level; one thumbnail would be read as the level.
        Row{"one tile", {400, 300}, 512, {{100, 75}}},
        Row{"tall", {300, 9000}, 512, {{3, 100}, {7, 200}, {13, 400}, {34, 1024}}}),
    [](const auto& param_info) {
        std::string n = param_info.param.name;
        for (auto& c : n)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        return n;
    });

TEST(ViewerSizes, AListLeftAloneWhenNotMisread) {
    Sizes few{{100, 67}};
    EXPECT_EQ(sizes_for_viewers(few, {6000, 4000}, {1, 2, 4, 8, 16}, any_size), few);
}

TEST(ViewerSizes, OnlyLevelsWithinTheBoundAreAdded) {
    // A bound of 1000 px keeps 3000 and 6000 out; halved sizes make the list long enough.
    auto fits = [](core::Size s) { return s.width <= 1000 && s.height <= 1000; };
    std::vector<int> factors{1, 2, 4, 8, 16};
    auto listed = sizes_for_viewers({{100, 67}, {200, 133}, {400, 267}, {1000, 667}}, {6000, 4000},
                                    factors, fits);
    for (auto s : listed)
        EXPECT_TRUE(fits(s)) << s.width << "x" << s.height;
    EXPECT_FALSE(misread_as_levels(listed, {6000, 4000}, factors));
    EXPECT_FALSE(osd5_levels(listed, {6000, 4000}, factors).has_value());
}

TEST(ViewerSizes, InfoJsonListsTheSafeSizes) {
    InfoInput in;
    in.id = "https://example.org/iiif/3/a";
    in.image = {6000, 4000};
    in.tile_size = 512;
    in.thumbnail_sizes = {"!1024,1024", "!400,400", "!200,200", "!100,100"};
    in.limits.formats = {core::ImageFormat::Jpeg};
    in.limits.max_area = 40'000'000;
    for (auto version : {Version::V3, Version::V2}) {
        auto j = build_info(version, in);
        Sizes listed;
        for (const auto& s : j["sizes"])
            listed.push_back({s["width"].get<int>(), s["height"].get<int>()});
        EXPECT_EQ(listed.size(), 9u); // 4 thumbnails + 5 levels
        EXPECT_FALSE(osd5_levels(listed, in.image, scale_factors(in.image, 512)).has_value());
    }
}

} // namespace
} // namespace pictor::dialects::iiif
