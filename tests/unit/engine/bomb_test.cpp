// Decompression bombs of every format (support/bombs.h) are refused from what their headers
// declare, before any pixel is decoded: in milliseconds, whatever the shrink-on-load. And a
// pyramid written to a full file system fails cleanly, leaving nothing (libvips 8.14's own TIFF
// writer crashed the process there).
#include <sys/mount.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "support/bombs.h"
#include "unit/engine/photo_fixture.h"

namespace pictor::engine {
namespace {

namespace fs = std::filesystem;

TEST(Bombs, AreRefusedFromTheirHeaderInMilliseconds) {
    Engine engine{{}};
    test::TempImages files("bombs");
    auto all = pictor::test::bombs();
    ASSERT_GE(all.size(), 6u);
    for (const auto& bomb : all) {
        SCOPED_TRACE(bomb.name);
        std::printf("bomb %s: %zu bytes\n", bomb.name.c_str(), bomb.bytes.size());
        auto path = files.path(bomb.name);
        std::ofstream(path, std::ios::binary) << bomb.bytes;
        auto start = std::chrono::steady_clock::now();
        auto info = engine.probe(path);
        if (!info) { // refused as damaged at the header: as good
            std::printf("  refused at the header: %s\n", info.error().message.c_str());
            EXPECT_NE(info.error().code, core::ErrorCode::Internal);
            continue;
        }
        EXPECT_EQ(info->stored.area(), bomb.declared_pixels);
        for (auto [region, size] : {std::pair{core::Rect{0, 0, info->size.width, info->size.height},
                                              core::Size{300, 300}},
                                    std::pair{core::Rect{0, 0, 256, 256}, core::Size{256, 256}}}) {
            auto out = engine.render(
                path, *info, test::plan_of(region, size, core::ImageFormat::Jpeg),
                {std::chrono::steady_clock::now() + std::chrono::seconds(30), 100'000'000});
            ASSERT_FALSE(out);
            EXPECT_EQ(out.error().code, core::ErrorCode::TooLarge) << out.error().message;
        }
        auto took = std::chrono::steady_clock::now() - start;
        EXPECT_LT(took, std::chrono::milliseconds(100));
    }
}

// Many frames or pages: pictor reads the first only, so a GIF of 20000 frames of 2000 x 2000
// (80 gigapixels if all were decoded) is probed and thumbnailed in milliseconds.
TEST(Bombs, OnlyTheFirstOfManyFramesIsRead) {
    std::string gif("GIF89a\xD0\x07\xD0\x07\x00\x00\x00", 13); // 2000 x 2000 screen
    const std::string frame("\x2C\x00\x00\x00\x00\xD0\x07\xD0\x07\x00\x02\x02\x44\x01\x00", 15);
    for (int i = 0; i < 20000; ++i)
        gif += frame;
    gif += '\x3B';
    Engine engine{{}};
    test::TempImages files("frames");
    auto path = files.path("frames.gif");
    std::ofstream(path, std::ios::binary) << gif;
    auto start = std::chrono::steady_clock::now();
    auto info = engine.probe(path);
    ASSERT_TRUE(info) << info.error().detail;
    EXPECT_EQ(info->stored, (core::Size{2000, 2000}));
    auto out = engine.render(
        path, *info, test::plan_of({0, 0, 2000, 2000}, {100, 100}, core::ImageFormat::Png),
        {std::chrono::steady_clock::now() + std::chrono::seconds(30), 100'000'000});
    auto took = std::chrono::steady_clock::now() - start;
    if (out) {
        EXPECT_EQ(out->size, (core::Size{100, 100}));
    } else { // a frame of almost no data may be refused as damaged: as good, and as quick
        EXPECT_EQ(out.error().code, core::ErrorCode::SourceCorrupt) << out.error().detail;
    }
    EXPECT_LT(took, std::chrono::milliseconds(1000)); // decoding every frame would take minutes
}

TEST(Bombs, AFullDiskFailsAPyramidCleanly) {
    auto dir = fs::temp_directory_path() / ("pictor-full-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=1m") != 0) {
        fs::remove(dir);
        GTEST_SKIP() << "cannot mount a small tmpfs here (not root, or no mount permission): "
                        "the integration fault suite covers full disks with its own mount";
    }
    Engine engine{{}};
    test::TempImages files("full");
    auto flat = files.save("flat.jpg", test::photo(3000, 2000), "[Q=90]");
    auto out = dir / "side-car.tif";
    auto written = engine.write_pyramid(flat, out);
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, core::ErrorCode::OutOfResources) << written.error().detail;
    EXPECT_TRUE(fs::is_empty(dir)); // no side-car, no temp file
    ::umount(dir.c_str());
    fs::remove(dir);
}

} // namespace
} // namespace pictor::engine
