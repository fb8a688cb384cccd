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
