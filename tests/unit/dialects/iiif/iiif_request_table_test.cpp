// URL parameters -> canonical plan, or -> exact error, for IIIF 3.0 and 2.1 against a
// 6000x4000 image with the default limits (maxWidth 10000, maxArea 40 000 000).
#include <gtest/gtest.h>

#include "dialects/iiif/iiif_parser.h"
#include "dialects/iiif/iiif_resolver.h"

namespace pictor::dialects::iiif {
namespace {

struct Row {
    Version version;
    std::string params;   // region/size/rotation/quality.format
    std::string expected; // canonical plan, or "error: message"
};

ResolveOptions options() {
    ResolveOptions o;
    o.max_width = 10000;
    o.max_height = 10000;
    o.max_area = 40'000'000;
    o.upscaling = true;
    o.formats = {core::ImageFormat::Jpeg, core::ImageFormat::Png, core::ImageFormat::Webp,
                 core::ImageFormat::Tiff, core::ImageFormat::Gif};
    return o;
}

struct Outcome {
    std::string text;
    core::ErrorCode code = core::ErrorCode::Internal;
    std::string canonical_params;
};

Outcome run(Version v, const std::string& params, const ResolveOptions& o = options()) {
    std::vector<std::string> p;
    std::size_t start = 0;
    for (int i = 0; i < 3; ++i) {
        auto slash = params.find('/', start);
        p.push_back(params.substr(start, slash - start));
        start = slash + 1;
    }
    p.push_back(params.substr(start));
    auto req = parse_image_request(p[0], p[1], p[2], p[3], v);
    if (!req) return {"error: " + req.error().message, req.error().code, ""};
    auto r = resolve(v, *req, "img", {6000, 4000}, o);
    if (!r) return {"error: " + r.error().message, r.error().code, ""};
    return {r->plan.canonical(), core::ErrorCode::Internal, r->canonical_params};
}

const Version V3 = Version::V3;
const Version V2 = Version::V2;

const Row kRows[] = {
    // region
    {V3, "full/max/0/default.jpg", "img|jpg"},
    {V3, "square/max/0/default.jpg", "img|crop:1000,0,4000,4000|jpg"},
    {V3, "100,200,300,400/max/0/default.png", "img|crop:100,200,300,400|png"},
    {V3, "5900,3900,300,300/max/0/default.jpg", "img|crop:5900,3900,100,100|jpg"},
    {V3, "pct:50,50,10,10/max/0/default.jpg", "img|crop:3000,2000,600,400|jpg"},
    {V3, "pct:0,0,100,100/max/0/default.jpg", "img|jpg"},
    {V3, "pct:99.5,0,10,10/max/0/default.jpg", "img|crop:5970,0,30,400|jpg"},
    {V3, "0,0,0,10/max/0/default.jpg",
     "error: invalid region '0,0,0,10': width and height must be above zero"},
    {V3, "6000,0,10,10/max/0/default.jpg", "error: region is entirely outside the image"},
    {V3, "abc/max/0/default.jpg", "error: invalid region 'abc': expected x,y,w,h"},
    {V3, "1,2,3/max/0/default.jpg", "error: invalid region '1,2,3': expected x,y,w,h"},
    {V3, "-1,0,10,10/max/0/default.jpg",
     "error: invalid region '-1,0,10,10': values must be non-negative integers"},
    {V3, "1.5,0,10,10/max/0/default.jpg",
     "error: invalid region '1.5,0,10,10': values must be non-negative integers"},
    {V3, "pct:1e2,0,10,10/max/0/default.jpg",
     "error: invalid region 'pct:1e2,0,10,10': values must be non-negative decimals"},
    {V3, "pct:NaN,0,10,10/max/0/default.jpg",
     "error: invalid region 'pct:NaN,0,10,10': values must be non-negative decimals"},
    {V3, "pct:0,0,101,10/max/0/default.jpg",
     "error: invalid region 'pct:0,0,101,10': percentages must not exceed 100"},
    {V3, "9999999999,0,10,10/max/0/default.jpg",
     "error: invalid region '9999999999,0,10,10': values must be non-negative integers"},
    // size
    {V3, "full/!300,300/0/default.jpg", "img|resize:300,200|jpg"},
    {V3, "full/300,/0/default.jpg", "img|resize:300,200|jpg"},
    {V3, "full/,200/0/default.jpg", "img|resize:300,200|jpg"},
    {V3, "full/pct:10/0/default.jpg", "img|resize:600,400|jpg"},
    {V3, "full/300,300/0/default.jpg", "img|resize:300,300|jpg"},
    {V3, "full/6000,4000/0/default.jpg", "img|jpg"},
    {V3, "0,0,600,400/^pct:150/0/default.jpg", "img|crop:0,0,600,400|resize:900,600|jpg"},
    {V3, "0,0,600,400/^1200,/0/default.jpg", "img|crop:0,0,600,400|resize:1200,800|jpg"},
    {V3, "0,0,600,400/^!1200,1000/0/default.jpg", "img|crop:0,0,600,400|resize:1200,800|jpg"},
    // IIIF validator size_noup: a confined size beyond the region needs `^` in 3.0.
    {V3, "0,0,600,400/!1200,1000/0/default.jpg",
     "error: requested size is larger than the region; use '^!' to upscale"},
    {V3, "0,0,600,400/!600,1000/0/default.jpg", "img|crop:0,0,600,400|jpg"},
    {V3, "0,0,600,400/!2000,300/0/default.jpg", "img|crop:0,0,600,400|resize:450,300|jpg"},
    {V3, "full/^max/0/default.jpg", "img|resize:7745,5163|jpg"},
    {V3, "full/full/0/default.jpg",
     "error: invalid size 'full': 'full' is not valid in 3.0, use 'max'"},
    {V3, "full/0,/0/default.jpg", "error: invalid size '0,': width and height must be above zero"},
    {V3, "full/,0/0/default.jpg", "error: invalid size ',0': width and height must be above zero"},
    {V3, "full/-5,/0/default.jpg",
     "error: invalid size '-5,': width and height must be non-negative integers"},
    {V3, "full/,/0/default.jpg", "error: invalid size ',': expected a width, a height or both"},
    {V3, "full/!300,/0/default.jpg",
     "error: invalid size '!300,': '!w,h' needs both a width and a height"},
    {V3, "full/99999999999,/0/default.jpg",
     "error: invalid size '99999999999,': width and height must be non-negative integers"},
    {V3, "full/7000,/0/default.jpg",
     "error: requested size is larger than the region; use '^' to upscale"},
    {V3, "full/6000,4001/0/default.jpg",
     "error: requested size is larger than the region; use '^' to upscale"},
    {V3, "full/pct:101/0/default.jpg",
     "error: invalid size 'pct:101': percentage above 100 needs '^'"},
    {V3, "full/pct:0/0/default.jpg", "error: invalid size 'pct:0': percentage must be above zero"},
    {V3, "full/pct:NaN/0/default.jpg",
     "error: invalid size 'pct:NaN': percentage must be a non-negative decimal"},
    {V3, "full/pct:0.001/0/default.jpg", "error: requested size is smaller than one pixel"},
    {V3, "full/^12000,/0/default.jpg",
     "error: requested size 12000x8000 exceeds the server limit of 10000x10000"},
    {V3, "full/^!9000,9000/0/default.jpg",
     "error: requested size 9000x6000 exceeds the server limit of 40000000 pixels"},
    {V3, "full/big/0/default.jpg",
     "error: invalid size 'big': expected w,h, w, ,h, !w,h, pct:n or max"},
    // rotation, mirroring
    {V3, "full/max/90/default.jpg", "img|rotate:90|jpg"},
    {V3, "full/max/!0/default.jpg", "img|mirror|jpg"},
    {V3, "full/max/!180/gray.webp", "img|mirror|rotate:180|gray|webp"},
    {V3, "full/max/22.5/bitonal.png", "img|rotate:22.5|bitonal|png"},
    {V3, "full/max/360/color.jpg", "img|jpg"},
    {V3, "full/max/361/default.jpg",
     "error: invalid rotation '361': expected degrees from 0 to 360, optionally after '!'"},
    {V3, "full/max/-90/default.jpg",
     "error: invalid rotation '-90': expected degrees from 0 to 360, optionally after '!'"},
    {V3, "full/max/!!90/default.jpg",
     "error: invalid rotation '!!90': expected degrees from 0 to 360, optionally after '!'"},
    {V3, "full/max/1e1/default.jpg",
     "error: invalid rotation '1e1': expected degrees from 0 to 360, optionally after '!'"},
    // quality and format
    {V3, "full/max/0/default.tif", "img|tif"},
    {V3, "full/max/0/default.gif", "img|gif"},
    {V3, "full/max/0/best.jpg", "error: invalid quality 'best'"},
    {V3, "full/max/0/default",
     "error: invalid quality and format 'default': expected quality.format"},
    {V3, "full/max/0/default.jpeg", "error: unsupported format 'jpeg'"},
    {V3, "full/max/0/default.pdf", "error: unsupported format 'pdf'"},
    {V3, "full/max/0/default.jp2", "error: format 'jp2' is not supported by this server"},
    // 2.1
    {V2, "full/full/0/default.jpg", "img|jpg"},
    {V2, "full/max/0/default.jpg", "img|jpg"},
    {V2, "full/300,/0/default.jpg", "img|resize:300,200|jpg"},
    {V2, "full/!300,300/0/native.jpg", "error: invalid quality 'native'"},
    {V2, "0,0,600,400/pct:150/0/default.jpg", "img|crop:0,0,600,400|resize:900,600|jpg"},
    {V2, "0,0,600,400/!1200,1000/0/default.jpg", "img|crop:0,0,600,400|resize:1200,800|jpg"},
    {V2, "square/200,/0/default.jpg", "img|crop:1000,0,4000,4000|resize:200,200|jpg"},
    {V2, "full/^300,/0/default.jpg", "error: invalid size '^300,': '^' is not part of IIIF 2.1"},
    {V2, "full/^max/0/default.jpg", "error: invalid size '^max': '^' is not part of IIIF 2.1"},
};

class IiifRequestTable : public ::testing::TestWithParam<Row> {};

TEST_P(IiifRequestTable, CompilesToCanonicalPlanOrExactError) {
    const Row& row = GetParam();
    EXPECT_EQ(run(row.version, row.params).text, row.expected) << row.params;
}

INSTANTIATE_TEST_SUITE_P(All, IiifRequestTable, ::testing::ValuesIn(kRows));

TEST(IiifCanonicalParams, ThreeZero) {
    EXPECT_EQ(run(V3, "full/max/0/default.jpg").canonical_params, "full/max/0/default.jpg");
    EXPECT_EQ(run(V3, "pct:50,50,10,10/!300,300/!90/gray.png").canonical_params,
              "3000,2000,600,400/300,200/!90/gray.png");
    EXPECT_EQ(run(V3, "0,0,600,400/^pct:150/0/default.jpg").canonical_params,
              "0,0,600,400/^900,600/0/default.jpg");
    EXPECT_EQ(run(V3, "full/6000,/22.50/default.jpg").canonical_params,
              "full/max/22.5/default.jpg");
}

TEST(IiifCanonicalParams, TwoOne) {
    EXPECT_EQ(run(V2, "full/max/0/default.jpg").canonical_params, "full/full/0/default.jpg");
    EXPECT_EQ(run(V2, "full/!300,300/0/default.jpg").canonical_params, "full/300,/0/default.jpg");
    EXPECT_EQ(run(V2, "full/300,300/0/default.jpg").canonical_params, "full/300,300/0/default.jpg");
}

// 2.1's `full` is the unscaled region: for an image confined below its size (maxWidth) it is
// an error (too large: 400, or the roles first), while `max` gives the confined size.
TEST(IiifErrorCodes, TwoOneFullBeyondTheLimitsIsTooLarge) {
    auto o = options();
    o.max_width = o.max_height = 1000;
    auto full = run(V2, "full/full/0/default.jpg", o);
    EXPECT_EQ(full.code, core::ErrorCode::TooLarge) << full.text;
    EXPECT_EQ(run(V2, "full/max/0/default.jpg", o).text, "img|resize:1000,667|jpg");
    EXPECT_EQ(run(V2, "0,0,900,600/full/0/default.jpg", o).text, "img|crop:0,0,900,600|jpg");
}

TEST(IiifErrorCodes, UpscalingDisabledIsNotImplemented) {
    auto o = options();
    o.upscaling = false;
    auto out = run(V3, "full/^max/0/default.jpg", o);
    EXPECT_EQ(out.code, core::ErrorCode::NotImplemented);
    EXPECT_EQ(run(V3, "full/max/0/default.jpg", o).text, "img|jpg");
    // 2.1 has no `^`; without upscaling a size above the region is a 400.
    EXPECT_EQ(run(V2, "0,0,600,400/1200,/0/default.jpg", o).text,
              "error: requested size is larger than the region");
}

// The IIIF image validator's size_noup sizes, against a 1000x1000 region: every one is a 400 in
// 3.0 without `^`, and `iiif.clamp_confined_size` brings back the region's size for `!w,h` only.
TEST(IiifNoUpscale, ValidatorSizesAreErrorsUnlessClampIsConfigured) {
    auto o = options();
    for (const char* size : {"1500,1500", ",1500", "1500,", "pct:200", "!2000,3000"})
        EXPECT_EQ(run(V3, std::string("0,0,1000,1000/") + size + "/0/default.jpg", o).code,
                  core::ErrorCode::BadRequest)
            << size;
    o.clamp_confined = true;
    EXPECT_EQ(run(V3, "0,0,1000,1000/!2000,3000/0/default.jpg", o).text,
              "img|crop:0,0,1000,1000|jpg");
    EXPECT_EQ(run(V3, "0,0,1000,1000/1500,/0/default.jpg", o).code, core::ErrorCode::BadRequest);
    // 2.1 upscales `!w,h` whenever the server does.
    EXPECT_EQ(run(V2, "0,0,1000,1000/!2000,3000/0/default.jpg").text,
              "img|crop:0,0,1000,1000|resize:2000,2000|jpg");
}

TEST(IiifErrorCodes, SyntaxErrorsAreBadRequests) {
    EXPECT_EQ(run(V3, "full/0,/0/default.jpg").code, core::ErrorCode::BadRequest);
}

TEST(IiifErrorCodes, BeyondTheLimitsIsTooLarge) {
    // TooLarge is IIIF's 400 too; the pipeline tells a viewer without a role about the roles.
    EXPECT_EQ(run(V3, "full/^12000,/0/default.jpg").code, core::ErrorCode::TooLarge);
}

TEST(IiifLimits, MaxIsConfinedToTheLimits) {
    auto o = options();
    o.max_width = 1000;
    o.max_height = 1000;
    // Nearest pixel, as every other size form and the display API round (666.7 -> 667).
    EXPECT_EQ(run(V3, "full/max/0/default.jpg", o).text, "img|resize:1000,667|jpg");
    EXPECT_EQ(run(V3, "full/max/0/default.jpg", o).canonical_params, "full/1000,667/0/default.jpg");
    // Under maxArea, an edge rounded up would break the limit: rounded down instead.
    o.max_area = 401'000; // 775.56 x 517.04: 776x517 would be 401192 pixels
    EXPECT_EQ(run(V3, "full/max/0/default.jpg", o).text, "img|resize:775,517|jpg");
    o.max_area = 0;
    EXPECT_EQ(run(V3, "full/1001,/0/default.jpg", o).text,
              "error: requested size 1001x667 exceeds the server limit of 1000x1000");
}

} // namespace
} // namespace pictor::dialects::iiif
