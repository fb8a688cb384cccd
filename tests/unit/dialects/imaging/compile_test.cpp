// Imaging command sets compiled to Plans: commands x values -> canonical plan and output size,
// or the exact error. The image is 400x300 unless the row says otherwise.
#include <gtest/gtest.h>

#include "dialects/imaging/compile.h"
#include "dialects/imaging/values.h"

namespace pictor::dialects::imaging {
namespace {

struct CompileCase {
    const char* commands; // simplified syntax
    const char* plan;     // canonical plan, nullptr: an error containing `error`
    core::Size output;
    const char* error;
};

const CompileCase kCompile[] = {
    {"w_100,c_resize", "img|resize:100,75|jpg", {100, 75}, nullptr},
    {"h_50%,c_resize", "img|resize:200,150|jpg", {200, 150}, nullptr},
    {"w_0.5,c_resize", "img|resize:200,150|jpg", {200, 150}, nullptr},
    {"w_100,h_100,c_resize", "img|resize:100,75|jpg", {100, 75}, nullptr},
    {"w_100,h_100,m_fill,c_resize", "img|resize:133,100|canvas:100,100|jpg", {100, 100}, nullptr},
    {"w_100,h_100,m_stretch,c_resize", "img|resize:100,100|jpg", {100, 100}, nullptr},
    {"w_800,c_resize", "img|jpg", {400, 300}, nullptr}, // shrink only
    {"w_800,+upscale,c_resize", "img|resize:800,600|jpg", {800, 600}, nullptr},
    {"w_100,h_-1,c_resize", "img|resize:100,75|jpg", {100, 75}, nullptr},
    {"t_10%,l_10%,c_crop", "img|crop:40,30,360,270|jpg", {360, 270}, nullptr},
    {"w_100,h_50,x_10,y_20,c_crop", "img|crop:10,20,100,50|jpg", {100, 50}, nullptr},
    {"w_100,h_50,g_southeast,c_crop", "img|crop:300,250,100,50|jpg", {100, 50}, nullptr},
    {"w_100,h_50,g_center,c_crop", "img|crop:150,125,100,50|jpg", {100, 50}, nullptr},
    {"w_100,h_100,x_350,c_crop", "img|crop:350,0,50,100|jpg", {50, 100}, nullptr},
    {"w_100,h_100,x_350,+fixed,c_crop",
     "img|crop:350,0,50,100|canvas:100,100|jpg",
     {100, 100},
     nullptr},
    {"f_0.5,c_rescale", "img|resize:200,150|jpg", {200, 150}, nullptr},
    {"a_90,c_rotate", "img|rotate:90|jpg", {300, 400}, nullptr},
    {"a_left,c_rotate", "img|rotate:270|jpg", {300, 400}, nullptr},
    {"a_45,+crop,c_rotate", "img|rotate:45|crop:47,97,400,300|jpg", {400, 300}, nullptr},
    {"a_45,+crop,x_0,y_0,c_rotate",
     "img|rotate:45|crop:0,0,200,150|canvas:400,300|jpg",
     {400, 300},
     nullptr},
    {"a_30,bg_red,c_rotate", "img|rotate:30,bg255.0.0.255|jpg", {497, 460}, nullptr},
    {"a_30,bg_nocolour,c_rotate", nullptr, {}, "background: "},
    {"w_100,h_50,g_southeast,x_10,y_20,c_crop", "img|crop:290,230,100,50|jpg", {100, 50}, nullptr},
    {"d_300,c_format", "img|jpg:dpi300x300", {400, 300}, nullptr},
    {"e_png,d_72x96,c_format", "img|png:dpi72x96", {400, 300}, nullptr},
    {"d_0,c_format", nullptr, {}, "density must be from 1"},
    {"tx_hi,c_text",
     "img|text:2:hi,11:DejaVu Sans,12,96,0.0.0.255,0,0,0,0|jpg",
     {400, 300},
     nullptr},
    {"tx_\"a,b\",f_\"DejaVu Serif\",sz_10%,co_red,g_south,y_5,st_bold|italic,dc_underline|overline,"
     "c_text",
     "img|text:3:a,b,24:DejaVu Serif Bold Italic,22.5,96,255.0.0.255,7,0,5,3|jpg",
     {400, 300},
     nullptr},
    {"tx_hi,sz_20,+tiad,dc_strike-through,c_text",
     "img|text:2:hi,11:DejaVu Sans,20,0,0.0.0.255,0,0,0,4|jpg",
     {400, 300},
     nullptr},
    {"tx_hi,f_\"Sans 300\",c_text", nullptr, {}, "font must be a family name"},
    {"tx_hi,st_wobbly,c_text", nullptr, {}, "unknown font style 'wobbly'"},
    {"tx_hi,dc_blink,c_text", nullptr, {}, "unknown decoration 'blink'"},
    {"tx_hi,sz_3000,c_text", nullptr, {}, "the font size is too large"},
    {"c_text", nullptr, {}, "give the text to draw"},
    {"tx_\"\\ud83d\",c_text", nullptr, {}, "not valid UTF-8"}, // a lone surrogate
    {"tx_\"\xf0\x28\x8c\x28\",c_text", nullptr, {}, "not valid UTF-8"},
    {"o_logo.png,c_watermark", "img|watermark:8:logo.png@,4,0,0,1,0|jpg", {400, 300}, nullptr},
    {"o_logo.png,g_southeast,x_10,y_5%,op_50,s_25%,+tile,c_watermark",
     "img|watermark:8:logo.png@,8,10,15,0.5,0.25,tile|jpg",
     {400, 300},
     nullptr},
    {"o_logo.png,op_150,c_watermark", nullptr, {}, "opacity must be from 0 to 100"},
    {"c_watermark", nullptr, {}, "give the overlay image's id"},
    {"sh_45x30,c_shade", "img|shade:45x30|jpg", {400, 300}, nullptr},
    {"sh_45,c_shade", nullptr, {}, "AZIMUTHxELEVATION"},
    {"sh_45x91,c_shade", nullptr, {}, "elevation 0..90"},
    {"co_red,p_50,c_colorize", "img|colorize:255.0.0.255,0.5,0.5,0.5|jpg", {400, 300}, nullptr},
    {"co_blue,p_10|20|30,c_colorize",
     "img|colorize:0.0.255.255,0.1,0.2,0.3|jpg",
     {400, 300},
     nullptr},
    {"co_red,p_0,c_colorize", nullptr, {}, "percents are from 1 to 100"},
    {"co_red,p_10|20,c_colorize", nullptr, {}, "give one percent or three"},
    {"p_10,c_colorize", nullptr, {}, "give the colour"},
    {"pt_bricks,c_fill", "img|fill:BRICKS,0.0.0.255|jpg", {400, 300}, nullptr},
    {"pt_\"hs diagcross\",co_#ff000080,c_fill",
     "img|fill:HS_DIAGCROSS,255.0.0.128|jpg",
     {400, 300},
     nullptr},
    {"pt_plaid,c_fill", nullptr, {}, "unknown pattern 'plaid'"},
    {"a_360,c_rotate", "img|jpg", {400, 300}, nullptr},
    {"e_png,c_format", "img|png", {400, 300}, nullptr},
    {"e_webp,q_70,c_format", "img|webp:q70", {400, 300}, nullptr},
    {"e_$org,c_format", "img|jpg", {400, 300}, nullptr},
    {"c_grayscale,c_flop,c_flip,c_strip",
     "img|gray|mirror|rotate:180|mirror|jpg",
     {400, 300},
     nullptr},
    {"w_200,c_resize,f_0.5,c_rescale,e_png,c_format",
     "img|resize:200,150|resize:100,75|png",
     {100, 75},
     nullptr},
    {"n_small,c_preset", "img|resize:100,75|png", {100, 75}, nullptr},
    {"s_2,c_blur,c_sharpen", "img|blur:2|sharpen:1|jpg", {400, 300}, nullptr},
    {"s_0,c_blur", nullptr, {}, "sigma must be above 0"},
    {"s_51,c_sharpen", nullptr, {}, "sigma must be above 0"},
    {"n_nope,c_preset", nullptr, {}, "unknown preset 'nope'"},
    {"n_loop,c_preset", nullptr, {}, "presets nested too deep"},
    {"w_abc,c_resize", nullptr, {}, "is not a number"},
    {"h_-1,c_resize", nullptr, {}, "give a width or a height"},
    {"w_100,m_squash,c_resize", nullptr, {}, "mode must be fit, fill or stretch"},
    {"w_100,h_100,x_500,c_crop", nullptr, {}, "outside the image"},
    {"w_100,h_100,g_middle,c_crop", nullptr, {}, "unknown gravity"},
    {"a_sideways,c_rotate", nullptr, {}, "is not a number"},
    {"f_0,c_rescale", nullptr, {}, "factor must be above 0"},
    {"e_bmp,c_format", nullptr, {}, "unknown extension"},
    {"q_101,c_format", nullptr, {}, "quality must be an integer"},
};

void PrintTo(const CompileCase& c, std::ostream* os) { *os << c.commands; }

class CompileTable : public ::testing::TestWithParam<CompileCase> {};

TEST_P(CompileTable, PlanOrError) {
    const auto& c = GetParam();
    auto set = parse_simplified(c.commands);
    ASSERT_TRUE(set) << set.error().message;
    PresetLookup presets = [](const std::string& name) -> std::optional<CommandSet> {
        if (name == "small") return *parse_simplified("w_100,c_resize,e_png,c_format");
        if (name == "loop") return *parse_simplified("n_loop,c_preset");
        return std::nullopt;
    };
    auto compiled = compile(*set, "img", {400, 300}, core::ImageFormat::Jpeg, presets);
    if (c.plan) {
        ASSERT_TRUE(compiled) << c.commands << ": " << compiled.error().message;
        EXPECT_EQ(compiled->plan.canonical(), c.plan);
        EXPECT_EQ(compiled->output, c.output);
    } else {
        ASSERT_FALSE(compiled) << c.commands;
        EXPECT_NE(compiled.error().message.find(c.error), std::string::npos)
            << compiled.error().message;
    }
}

INSTANTIATE_TEST_SUITE_P(Imaging, CompileTable, ::testing::ValuesIn(kCompile));

TEST(ImagingPresets, InlinedForDisplay) {
    PresetLookup presets = [](const std::string& name) -> std::optional<CommandSet> {
        if (name == "small") return *parse_simplified("w_100,c_resize");
        if (name == "outer") return *parse_simplified("n_small,c_preset,e_png,c_format");
        if (name == "loop") return *parse_simplified("n_loop,c_preset");
        return std::nullopt;
    };
    auto set = *parse_simplified("n_outer,c_preset,c_flip,n_nope,c_preset");
    EXPECT_EQ(to_simplified(inline_presets(set, presets)), "w_100,c_resize,e_png,c_format,c_flip");
    // A cycle stops at the depth limit instead of recursing forever.
    auto looped = inline_presets(*parse_simplified("n_loop,c_preset"), presets);
    EXPECT_EQ(to_simplified(looped), "n_loop,c_preset");
}

TEST(ImagingValues, Colors) {
    EXPECT_EQ(*parse_color("red"), (Color{255, 0, 0, 255}));
    EXPECT_EQ(*parse_color("Tomato"), (Color{255, 99, 71, 255}));
    EXPECT_EQ(*parse_color("#0f0"), (Color{0, 255, 0, 255}));
    EXPECT_EQ(*parse_color("#102030"), (Color{16, 32, 48, 255}));
    EXPECT_EQ(*parse_color("#10203080"), (Color{16, 32, 48, 128}));
    EXPECT_EQ(*parse_color("rgb(1, 2, 3)"), (Color{1, 2, 3, 255}));
    EXPECT_EQ(*parse_color("rgba(1,2,3,0.5)"), (Color{1, 2, 3, 128}));
    EXPECT_EQ(*parse_color("transparent"), (Color{0, 0, 0, 0}));
    for (const char* bad : {"", "#12", "#1234567", "#gg0000", "rgb(1,2)", "rgb(1,2,300)",
                            "rgba(1,2,3,2)", "rgb(1.5,2,3)", "chartreusey", "rgb(1,2,3"})
        EXPECT_FALSE(parse_color(bad)) << bad;
}

TEST(ImagingValues, Dimensions) {
    EXPECT_EQ(parse_dimension("100")->resolve(400), 100);
    EXPECT_EQ(parse_dimension("10%")->resolve(400), 40);
    EXPECT_EQ(parse_dimension("10p")->resolve(400), 40);
    EXPECT_EQ(parse_dimension("0.25")->resolve(400), 100);
    EXPECT_FALSE(parse_dimension(""));
    EXPECT_FALSE(parse_dimension("%"));
    EXPECT_FALSE(parse_dimension("1e309"));
    EXPECT_FALSE(parse_dimension("nan"));
    EXPECT_EQ(core::place(Gravity::SouthEast, {400, 300}, {100, 50}),
              (core::Rect{300, 250, 100, 50}));
    // Offsets move away from the gravity's edge.
    EXPECT_EQ(core::place(Gravity::SouthEast, {400, 300}, {100, 50}, 10, 20),
              (core::Rect{290, 230, 100, 50}));
    EXPECT_EQ(core::place(Gravity::NorthWest, {400, 300}, {100, 50}, 10, 20),
              (core::Rect{10, 20, 100, 50}));
    EXPECT_EQ(core::place(Gravity::Center, {400, 300}, {100, 50}, -10, 20),
              (core::Rect{140, 145, 100, 50}));
}

} // namespace
} // namespace pictor::dialects::imaging
