#include <gtest/gtest.h>

#include "plan/output_size.h"

namespace pictor::plan {
namespace {

TEST(OutputSize, FollowsTheOperationsInOrder) {
    Plan p;
    p.source = "x";
    p.ops = {Crop{{10, 10, 600, 400}}, Resize{{300, 200}}, Mirror{}, Rotate{90},
             ToneMap{Tone::Gray}};
    EXPECT_EQ(output_size(p, {6000, 4000}), (core::Size{200, 300}));
}

TEST(OutputSize, ArbitraryRotationGrowsTheCanvas) {
    EXPECT_EQ(rotated_size({100, 100}, 45), (core::Size{142, 142}));
    EXPECT_EQ(rotated_size({300, 200}, 180), (core::Size{300, 200}));
    EXPECT_EQ(rotated_size({300, 200}, 270), (core::Size{200, 300}));
    EXPECT_EQ(rotated_size({300, 200}, 360), (core::Size{300, 200}));
}

TEST(PlanCanonical, IsStableAndComplete) {
    Plan p;
    p.source = "a/b.jpg";
    p.ops = {Crop{{1, 2, 3, 4}}, Rotate{22.5}, ToneMap{Tone::Bitonal}};
    p.encode = {core::ImageFormat::Webp, 70};
    EXPECT_EQ(p.canonical(), "a/b.jpg|crop:1,2,3,4|rotate:22.5|bitonal|webp:q70");
}

TEST(PlanCanonical, NumbersHaveNoTrailingZeros) {
    EXPECT_EQ(format_number(90.0), "90");
    EXPECT_EQ(format_number(0.25), "0.25");
}

} // namespace
} // namespace pictor::plan
