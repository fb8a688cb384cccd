#include <gtest/gtest.h>

#include "engine/load_planner.h"

namespace pictor::engine {
namespace {

SourceInfo jpeg(int w, int h) {
    SourceInfo i;
    i.format = core::ImageFormat::Jpeg;
    i.stored = i.size = {w, h};
    i.levels = {i.stored};
    return i;
}

SourceInfo pyramid() {
    SourceInfo i;
    i.format = core::ImageFormat::Tiff;
    i.tiled = true;
    i.stored = i.size = {6000, 4000};
    i.level_kind = LevelKind::Page;
    i.levels = {{6000, 4000}, {3000, 2000}, {1500, 1000}, {750, 500}, {375, 250}};
    return i;
}

TEST(LoadPlanner, JpegShrinksAsFarAsTheScaleAllows) {
    EXPECT_EQ(choose_load(jpeg(6000, 4000), 0.05, true).jpeg_shrink, 8);
    EXPECT_EQ(choose_load(jpeg(6000, 4000), 0.05, true).loaded, (core::Size{750, 500}));
    EXPECT_EQ(choose_load(jpeg(6000, 4000), 0.2, true).jpeg_shrink, 4);
    EXPECT_EQ(choose_load(jpeg(6000, 4000), 0.5, true).jpeg_shrink, 2);
    EXPECT_EQ(choose_load(jpeg(6000, 4000), 0.6, true).jpeg_shrink, 1);
    EXPECT_EQ(choose_load(jpeg(6000, 4000), 2.0, true).jpeg_shrink, 1);
    EXPECT_EQ(choose_load(jpeg(6001, 4001), 0.125, true).loaded, (core::Size{751, 501}));
}

TEST(LoadPlanner, SlowModeLeavesAFactorOfTwo) {
    EXPECT_EQ(choose_load(jpeg(6000, 4000), 0.05, false).jpeg_shrink, 8);
    EXPECT_EQ(choose_load(jpeg(6000, 4000), 0.1, false).jpeg_shrink, 4);
    EXPECT_EQ(choose_load(jpeg(6000, 4000), 0.5, false).jpeg_shrink, 1);
}

TEST(LoadPlanner, PyramidPicksTheSmallestSufficientLevel) {
    EXPECT_EQ(choose_load(pyramid(), 1.0, true).level, 0);
    EXPECT_EQ(choose_load(pyramid(), 0.5, true).level, 1);
    EXPECT_EQ(choose_load(pyramid(), 0.3, true).level, 1);
    EXPECT_EQ(choose_load(pyramid(), 0.25, true).level, 2);
    EXPECT_EQ(choose_load(pyramid(), 0.05, true).level, 4);
    EXPECT_EQ(choose_load(pyramid(), 0.001, true).level, 4);
}

TEST(LoadPlanner, DecodedPixelsCountTheRegionOnTiledSources) {
    auto p = pyramid();
    auto c = choose_load(p, 0.5, true);
    EXPECT_EQ(decoded_pixels(p, c, {2048, 1024, 1024, 1024}), 512 * 512);
    auto j = jpeg(6000, 4000);
    EXPECT_EQ(decoded_pixels(j, choose_load(j, 1.0, true), {0, 0, 10, 10}), 24'000'000);
}

} // namespace
} // namespace pictor::engine
