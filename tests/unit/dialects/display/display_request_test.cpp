// Display API: query string -> typed request -> output size, or the exact 400 message.
#include <gtest/gtest.h>

#include "dialects/display/display_request.h"

namespace pictor::dialects::display {
namespace {

const DisplayOptions kOptions{{{"thumbnail", 200}, {"table", 100}}, 10000};
const core::Size kLandscape{6000, 4000};

struct Row {
    const char* query;
    const char* want; // "WxH" for the 6000x4000 source, or the error message
};

std::string run(const char* query) {
    auto r = parse_display_query(query, kOptions);
    if (!r) return r.error().message;
    auto s = display_size(*r, kLandscape);
    return std::to_string(s.width) + "x" + std::to_string(s.height);
}

class DisplayTable : public ::testing::TestWithParam<Row> {};

TEST_P(DisplayTable, SizeOrExactError) { EXPECT_EQ(run(GetParam().query), GetParam().want); }

INSTANTIATE_TEST_SUITE_P(
    All, DisplayTable,
    ::testing::Values(
        Row{"", "6000x4000"}, Row{"image_size=thumbnail", "200x133"},
        Row{"image_size=TABLE", "100x67"}, Row{"size=30", "1800x1200"},
        Row{"size=100", "6000x4000"}, Row{"size=1", "60x40"}, Row{"hsize=1200", "1200x800"},
        Row{"vsize=1200", "1800x1200"}, Row{"hsize=300&vsize=300", "300x200"},
        Row{"hsize=3000&vsize=100", "150x100"}, Row{"hsize=9000", "6000x4000"}, // shrink only
        Row{"format=webp&download=true", "6000x4000"}, Row{"hsize=300&format=AUTO", "300x200"},
        Row{"size=0", "'size' must be between 1 and 100, got 0"},
        Row{"size=101", "'size' must be between 1 and 100, got 101"},
        Row{"size=-5", "'size' must be between 1 and 100, got -5"},
        Row{"size=30.5", "'size' must be a whole number, got '30.5'"},
        Row{"size=", "'size' must be a whole number, got ''"},
        Row{"size=99999999999", "'size' must be a whole number, got '99999999999'"},
        Row{"hsize=0", "'hsize' must be between 1 and 10000, got 0"},
        Row{"vsize=10001", "'vsize' must be between 1 and 10000, got 10001"},
        Row{"hsize=NaN", "'hsize' must be a whole number, got 'NaN'"},
        Row{"size=30&hsize=100", "give only one of image_size, size and hsize/vsize"},
        Row{"image_size=table&vsize=100", "give only one of image_size, size and hsize/vsize"},
        Row{"image_size=huge", "'image_size' must be one of thumbnail, table, got 'huge'"},
        Row{"format=bmp", "'format' must be one of jpg, png, webp, avif, auto (or one of "
                          "OpenAtlas' data formats, which have no effect here), got 'bmp'"},
        Row{"download=yes", "'download' must be true or false, got 'yes'"},
        Row{"size=3&size=4", "query parameter 'size' given twice"},
        Row{"colour=red", "unknown parameter 'colour' (known: image_size, size, hsize, vsize, "
                          "format, download, count)"},
        // OpenAtlas' shared parameters: accepted, no effect on the image.
        Row{"count=true", "6000x4000"}, Row{"count=FALSE&image_size=table", "100x67"},
        Row{"format=lp", "6000x4000"}, Row{"format=GeoJSON&size=1", "60x40"},
        Row{"count=2", "'count' must be true or false, got '2'"},
        Row{"format=csv", "'format' must be one of jpg, png, webp, avif, auto (or one of "
                          "OpenAtlas' data formats, which have no effect here), got 'csv'"},
        Row{"size=%zz", "malformed percent-encoding in the query"}));

TEST(DisplaySize, PortraitAndTinySources) {
    auto named = parse_display_query("image_size=thumbnail", kOptions);
    ASSERT_TRUE(named);
    EXPECT_EQ(display_size(*named, {600, 800}), (core::Size{150, 200}));
    EXPECT_EQ(display_size(*named, {64, 48}), (core::Size{64, 48})); // never enlarged
    auto pct = parse_display_query("size=1", kOptions);
    EXPECT_EQ(display_size(*pct, {50, 20}), (core::Size{1, 1})); // at least one pixel
}

TEST(DisplayFormat, ExplicitAutoAndSourceDefaults) {
    using core::ImageFormat;
    std::set<ImageFormat> all{ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::Webp,
                              ImageFormat::Avif, ImageFormat::Gif};
    auto req = [](const char* q) { return *parse_display_query(q, kOptions); };
    EXPECT_EQ(*display_format(req(""), ImageFormat::Png, "", all), ImageFormat::Png);
    EXPECT_EQ(*display_format(req(""), ImageFormat::Tiff, "", all), ImageFormat::Jpeg);
    EXPECT_EQ(*display_format(req(""), ImageFormat::Jp2, "", all), ImageFormat::Jpeg);
    EXPECT_EQ(*display_format(req("format=png"), ImageFormat::Jpeg, "", all), ImageFormat::Png);
    EXPECT_EQ(
        *display_format(req("format=auto"), ImageFormat::Jpeg, "image/avif,image/webp,*/*", all),
        ImageFormat::Avif);
    std::set<ImageFormat> no_avif{ImageFormat::Jpeg, ImageFormat::Webp};
    EXPECT_EQ(
        *display_format(req("format=auto"), ImageFormat::Jpeg, "image/avif,image/webp", no_avif),
        ImageFormat::Webp);
    auto missing = display_format(req("format=avif"), ImageFormat::Jpeg, "", no_avif);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "format avif is not available on this server");
}

TEST(DisplayPlan, SameCanonicalPlanAsTheEqualIiifRequest) {
    auto p = display_plan("photo.jpg", kLandscape, {300, 200}, core::ImageFormat::Jpeg);
    EXPECT_EQ(p.canonical(), "photo.jpg|resize:300,200|jpg");
    auto original = display_plan("photo.jpg", kLandscape, kLandscape, core::ImageFormat::Webp);
    EXPECT_EQ(original.canonical(), "photo.jpg|webp");
}

} // namespace
} // namespace pictor::dialects::display
