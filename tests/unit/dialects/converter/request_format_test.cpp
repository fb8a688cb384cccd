// Preview-cache request formats: text -> canonical form or exact error; geometry; best match.
#include <gtest/gtest.h>

#include "dialects/converter/request_format.h"

namespace pictor::dialects::converter {
namespace {

struct FormatCase {
    const char* text;
    const char* canonical; // nullptr: a 400 whose message contains `error`
    const char* error;
};

const FormatCase kFormats[] = {
    {"auto:200x150", "auto:200x150~contain@75", nullptr},
    {"AUTO:200x150~Cover", "auto:200x150~cover@75", nullptr},
    {"jpg:800x-1@90", "jpg:800x-1~contain@90", nullptr},
    {"png:-1x-1~norotate", "png:-1x-1~contain~norotate@75", nullptr},
    {"webp:100x100~coverandcrop~expand@1", "webp:100x100~coverandcrop~expand@1", nullptr},
    {"jpg:10x10~expand~containforcedimension~norotate@100",
     "jpg:10x10~containforcedimension~norotate~expand@100", nullptr},
    // What Open-Xchange itself accepts (ImageFormat.parseImageFormat): an unknown type is jpg, zero
    // or negative edges and a missing height are "any", a single number is a width, the older '-'
    // scale separator, loose scale keywords, the server's own autorotate/shrinkonly flags.
    {"gif:10x10", "jpg:10x10~contain@75", nullptr},
    {"jpg:0x10", "jpg:-1x10~contain@75", nullptr},
    {"jpg:10x0", "jpg:10x-1~contain@75", nullptr},
    {"jpg:-2x10", "jpg:-1x10~contain@75", nullptr},
    {"jpg:200", "jpg:200x-1~contain@75", nullptr},
    {"jpg:200x", "jpg:200x-1~contain@75", nullptr},
    {"jpg:200x150-cover@60", "jpg:200x150~cover@60", nullptr},
    {"png:200x-1-coverandcrop", "png:200x-1~coverandcrop@75", nullptr},
    {"jpg:10x10~covering", "jpg:10x10~cover@75", nullptr},
    {"jpg:10x10~crop", "jpg:10x10~contain@75", nullptr}, // OX needs "cov" for cover
    {"jpg:10x10~covercrop", "jpg:10x10~coverandcrop@75", nullptr},
    {"jpg:10x10~forcedimension", "jpg:10x10~containforcedimension@75", nullptr},
    {"jpg:10x10~autorotate~shrinkonly", "jpg:10x10~contain@75", nullptr},
    {"jpg:10x10~auto", "jpg:10x10~contain@75", nullptr},
    // Without a colon: a bare type is the source's size, a bare box a JPEG.
    {"10x10", "jpg:10x10~contain@75", nullptr},
    {"jpg", "jpg:-1x-1~contain@75", nullptr},
    {"auto", "auto:-1x-1~contain@75", nullptr},
    {"PNG", "png:-1x-1~contain@75", nullptr},
    {"  auto:200x150~cover \t", "auto:200x150~cover@75", nullptr}, // trimmed
    {"jpg:100001x10", nullptr, "width must be at most"},
    {"jpg:10x10~norotate~autorotate", "jpg:10x10~contain@75", nullptr}, // the last one wins
    {"jpg:axb", nullptr, "is not a number"},
    {"jpg:10-1", nullptr, "is not a number"},
    // The quality is clamped, and an unreadable one is the default, as OX does.
    {"jpg:10x10@0", "jpg:10x10~contain@1", nullptr},
    {"jpg:10x10@101", "jpg:10x10~contain@100", nullptr},
    {"jpg:10x10@", "jpg:10x10~contain@75", nullptr},
    {"jpg:10x10@high", "jpg:10x10~contain@75", nullptr},
    // Unknown words are passed over; of a repeated kind the last one counts.
    {"jpg:10x10~stretch", "jpg:10x10~contain@75", nullptr},
    {"jpg:10x10~", "jpg:10x10~contain@75", nullptr},
    {"jpg:10x10~cover~contain", "jpg:10x10~contain@75", nullptr},
    {"jpg:10x10~expand~expand", "jpg:10x10~contain~expand@75", nullptr},
    {"jpg:10x10~bogus~cover~norotate", "jpg:10x10~cover~norotate@75", nullptr},
    {"jpg:99999999999x10", nullptr, "is not a number"},
};

void PrintTo(const FormatCase& c, std::ostream* os) { *os << c.text; }

class FormatTable : public ::testing::TestWithParam<FormatCase> {};

TEST_P(FormatTable, ParsesToCanonicalOrExactError) {
    const auto& c = GetParam();
    auto f = parse_request_format(c.text);
    if (c.canonical) {
        ASSERT_TRUE(f) << c.text << ": " << f.error().message;
        EXPECT_EQ(f->canonical(), c.canonical);
        auto again = parse_request_format(f->canonical()); // canonical round-trips
        ASSERT_TRUE(again);
        EXPECT_EQ(*again, *f);
    } else {
        ASSERT_FALSE(f) << c.text;
        EXPECT_EQ(f.error().code, core::ErrorCode::BadRequest);
        EXPECT_NE(f.error().message.find(c.error), std::string::npos) << f.error().message;
    }
}

INSTANTIATE_TEST_SUITE_P(Converter, FormatTable, ::testing::ValuesIn(kFormats));

TEST(ConverterFormats, TheDefaultSetParses) {
    auto set = parse_request_formats(
        "auto:200x150, auto:200x150~cover, auto:800x800; auto:1920x1080, auto:1920x1080~cover");
    ASSERT_TRUE(set);
    EXPECT_EQ(set->size(), 5u);
    EXPECT_FALSE(parse_request_formats("auto:200x150, bogus"));
    EXPECT_FALSE(parse_request_formats(" , "));
}

struct GeometryCase {
    const char* format;
    core::Size source, resized, canvas;
};

const GeometryCase kGeometry[] = {
    // 640x480 into 200x200, as ImageConverter documents each scale type.
    {"jpg:200x200", {640, 480}, {200, 150}, {200, 150}},
    {"jpg:200x200~containforcedimension", {640, 480}, {200, 150}, {200, 200}},
    {"jpg:200x200~cover", {640, 480}, {267, 200}, {267, 200}},
    {"jpg:200x200~coverandcrop", {640, 480}, {267, 200}, {200, 200}},
    // Portrait and -1.
    {"jpg:200x150", {480, 640}, {113, 150}, {113, 150}},
    {"jpg:300x-1", {480, 640}, {300, 400}, {300, 400}},
    {"jpg:-1x-1", {480, 640}, {480, 640}, {480, 640}},
    // Shrink only unless expand; a tiny source is padded, not enlarged.
    {"jpg:200x200", {64, 48}, {64, 48}, {64, 48}},
    {"jpg:200x200~coverandcrop", {64, 48}, {64, 48}, {200, 200}},
    {"jpg:200x200~expand", {64, 48}, {200, 150}, {200, 150}},
    {"jpg:200x200~cover~expand", {64, 48}, {267, 200}, {267, 200}},
};

void PrintTo(const GeometryCase& c, std::ostream* os) {
    *os << c.format << " on " << core::to_string(c.source);
}

class GeometryTable : public ::testing::TestWithParam<GeometryCase> {};

TEST_P(GeometryTable, OutputDimensions) {
    const auto& c = GetParam();
    auto g = target_geometry(*parse_request_format(c.format), c.source);
    EXPECT_EQ(g.resized, c.resized) << c.format;
    EXPECT_EQ(g.canvas, c.canvas) << c.format;
}

INSTANTIATE_TEST_SUITE_P(Converter, GeometryTable, ::testing::ValuesIn(kGeometry));

TEST(ConverterFormats, BestMatchIsAreaThenTypeThenScaleThenFlags) {
    auto set = *parse_request_formats(
        "auto:200x150, auto:200x150~cover, auto:800x800, auto:1920x1080, auto:1920x1080~cover");
    core::Size src{4000, 3000};
    auto pick = [&](const char* f) { return *best_match(*parse_request_format(f), set, src); };
    EXPECT_EQ(pick("auto:200x150"), 0u);
    EXPECT_EQ(pick("auto:210x150"), 0u);
    EXPECT_EQ(pick("auto:700x700"), 2u);
    EXPECT_EQ(pick("auto:1920x1080~cover"), 4u);
    EXPECT_EQ(pick("jpg:4000x4000"), 4u); // the largest area
    // Same area: the same scale type wins.
    auto two = *parse_request_formats("png:100x100~cover, jpg:100x100~cover, jpg:100x100");
    core::Size square{1000, 1000};
    EXPECT_EQ(*best_match(*parse_request_format("jpg:100x100~coverandcrop"), two, square), 1u);
    EXPECT_EQ(*best_match(*parse_request_format("jpg:100x100"), two, square), 2u);
    EXPECT_FALSE(best_match(*parse_request_format("jpg:1x1"), {}, square));
    // A source smaller than every box: equal outputs, the exact format still wins.
    core::Size small{600, 400};
    EXPECT_EQ(*best_match(*parse_request_format("auto:800x800"), set, small), 2u);
    EXPECT_EQ(*best_match(*parse_request_format("auto:1920x1080"), set, small), 3u);
}

} // namespace
} // namespace pictor::dialects::converter
