// The imaging actions' drawing steps, checked on pixels: fill patterns, colorize, shade, text
// (with colour and decorations), watermarks (placed, faded, scaled, tiled), a rotation's
// background and the resolution written with `density`.
#include <filesystem>
#include <unistd.h>

#include <gtest/gtest.h>
#include <vips/vips8>

#include "engine/engine.h"

namespace pictor::engine {
namespace {

using vips::VImage;

std::filesystem::path temp_png(const std::string& name) {
    return std::filesystem::temp_directory_path() /
           ("pictor-paint-" + std::to_string(::getpid()) + "-" + name + ".png");
}

// A flat sRGB image, as PNG.
std::filesystem::path flat(const std::string& name, int width, int height,
                           std::vector<double> rgb) {
    auto path = temp_png(name);
    (VImage::black(width, height, VImage::option()->set("bands", 3)) + rgb)
        .cast(VIPS_FORMAT_UCHAR)
        .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
        .write_to_file(path.c_str());
    return path;
}

class PaintSteps : public ::testing::Test {
  protected:
    void SetUp() override {
        white_ = flat("white", 200, 100, {255, 255, 255});
        red_ = flat("red", 20, 20, {255, 0, 0});
        info_ = *engine_.probe(white_);
    }
    void TearDown() override {
        std::filesystem::remove(white_);
        std::filesystem::remove(red_);
    }
    VImage render(std::vector<plan::Operation> ops, plan::Encode encode = {}) {
        plan::Plan p;
        p.source = "white";
        p.ops = std::move(ops);
        p.encode = encode;
        p.encode.format = core::ImageFormat::Png;
        auto out = engine_.render(white_, info_, p, {});
        EXPECT_TRUE(out) << (out ? "" : out.error().detail);
        if (!out) return VImage::black(1, 1);
        bytes_ = out->bytes;
        if (const char* dump = std::getenv("PICTOR_DUMP")) {
            std::FILE* f = std::fopen(dump, "wb");
            std::fwrite(bytes_.data(), 1, bytes_.size(), f);
            std::fclose(f);
        }
        return VImage::new_from_buffer(bytes_.data(), bytes_.size(), "");
    }
    plan::Watermark overlay() const {
        plan::Watermark w;
        w.overlay = "red.png";
        w.overlay_path = red_.string();
        return w;
    }
    // Pixels darker than mid-grey.
    static double dark_share(const VImage& img) {
        return (img.extract_band(0) < 128).avg() / 255.0;
    }

    Engine engine_{{}};
    std::filesystem::path white_, red_;
    SourceInfo info_;
    std::string bytes_;
};

std::vector<double> at(const VImage& img, int x, int y) { return img.getpoint(x, y); }

TEST_F(PaintSteps, FillTilesThePatternInItsColour) {
    auto img = render({plan::Fill{"BRICKS", {0, 0, 255, 255}}});
    // ImageMagick's bricks: mortar along rows 7 and 15, joints at x 15 above and x 7 below.
    EXPECT_EQ(at(img, 0, 7), (std::vector<double>{0, 0, 255}));     // mortar line
    EXPECT_EQ(at(img, 15, 3), (std::vector<double>{0, 0, 255}));    // joint
    EXPECT_EQ(at(img, 4, 4), (std::vector<double>{255, 255, 255})); // inside a brick
    EXPECT_EQ(at(img, 23, 10), (std::vector<double>{0, 0, 255}));   // next tile's joint
    EXPECT_NEAR(dark_share(render({plan::Fill{"GRAY0", {0, 0, 0, 255}}})), 1.0, 1e-9);
    EXPECT_NEAR(dark_share(render({plan::Fill{"GRAY100", {0, 0, 0, 255}}})), 0.0, 1e-9);
    EXPECT_NEAR(dark_share(render({plan::Fill{"GRAY50", {0, 0, 0, 255}}})), 0.5, 0.02);
    // A half-transparent colour paints half-way.
    auto faded = render({plan::Fill{"GRAY0", {0, 0, 0, 128}}});
    EXPECT_NEAR(at(faded, 50, 50)[0], 127, 2);
}

TEST_F(PaintSteps, ColorizeBlendsEachChannel) {
    auto img = render({plan::Colorize{{255, 0, 0, 255}, 0.5, 0.5, 0.5}});
    auto p = at(img, 100, 50);
    EXPECT_NEAR(p[0], 255, 1);
    EXPECT_NEAR(p[1], 128, 1);
    EXPECT_NEAR(p[2], 128, 1);
    auto per_channel = at(render({plan::Colorize{{0, 0, 0, 255}, 0.1, 0.5, 1.0}}), 10, 10);
    EXPECT_NEAR(per_channel[0], 230, 1);
    EXPECT_NEAR(per_channel[1], 128, 1);
    EXPECT_NEAR(per_channel[2], 0, 1);
}

TEST_F(PaintSteps, ShadeOfAFlatImageIsTheLightsElevation) {
    auto img = render({plan::Shade{45, 30}});
    EXPECT_EQ(img.bands(), 1);
    EXPECT_NEAR(at(img, 100, 50)[0], 255 * 0.5, 1.5); // sin 30°
    EXPECT_NEAR(at(render({plan::Shade{0, 90}}), 10, 10)[0], 255, 1);
}

TEST_F(PaintSteps, TextIsDrawnWhereGravitySaysInItsColour) {
    plan::Text t;
    t.text = "Hello";
    t.font = "DejaVu Sans Bold";
    t.points = 30;
    t.dpi = 96;
    t.color = {255, 0, 0, 255};
    t.gravity = core::Gravity::West;
    auto img = render({t});
    // Ink on the left half, none on the right, and the ink is red.
    auto left = img.extract_area(0, 0, 100, 100), right = img.extract_area(160, 0, 40, 100);
    EXPECT_GT((left.extract_band(1) < 128).avg(), 5.0);
    EXPECT_EQ((right.extract_band(1) < 250).avg(), 0.0);
    EXPECT_GT(left.extract_band(0).min(), 250); // red channel stays full where green drops
    // An underline adds ink below the letters.
    double plain = (img.extract_band(1) < 128).avg();
    t.decorations = plan::kUnderline | plan::kStrikeThrough;
    double decorated = (render({t}).extract_band(1) < 128).avg();
    EXPECT_GT(decorated, plain * 1.05);
    // Markup in the text is text, not markup.
    t.text = "<b>&amp;</b>";
    t.decorations = 0;
    EXPECT_GT((render({t}).extract_band(1) < 128).avg(), 1.0);
}

TEST_F(PaintSteps, WatermarkIsPlacedFadedScaledOrTiled) {
    auto w = overlay();
    w.gravity = core::Gravity::SouthEast;
    auto img = render({w});
    EXPECT_EQ(at(img, 195, 95), (std::vector<double>{255, 0, 0}));
    EXPECT_EQ(at(img, 170, 95), (std::vector<double>{255, 255, 255}));
    w.opacity = 0.5;
    auto faded = at(render({w}), 195, 95);
    EXPECT_NEAR(faded[1], 128, 2);
    w.opacity = 1;
    w.scale = 0.5; // 100 px wide
    auto scaled = render({w});
    EXPECT_EQ(at(scaled, 105, 5), (std::vector<double>{255, 0, 0})); // 100x100, the full height
    EXPECT_EQ(at(scaled, 95, 95), (std::vector<double>{255, 255, 255}));
    w.scale = 0.75; // 150 px would be too tall: shrunk to fit, 100x100 again
    EXPECT_EQ(at(render({w}), 95, 95), (std::vector<double>{255, 255, 255}));
    w.scale = 0;
    w.tile = true;
    auto tiled = render({w});
    EXPECT_NEAR(dark_share(tiled.extract_band(1)), 1.0, 1e-9);
}

TEST_F(PaintSteps, RotateFillsCornersWithTheBackground) {
    auto img = render({plan::Rotate{45, {0, 128, 0, 255}}});
    EXPECT_EQ(img.bands(), 3);
    EXPECT_EQ(at(img, 1, 1), (std::vector<double>{0, 128, 0}));
}

TEST_F(PaintSteps, DensityIsWrittenIntoTheFile) {
    plan::Encode e;
    e.dpi_x = 300;
    e.dpi_y = 150;
    auto img = render({}, e);
    EXPECT_NEAR(img.xres() * 25.4, 300, 1);
    EXPECT_NEAR(img.yres() * 25.4, 150, 1);
}

} // namespace
} // namespace pictor::engine
