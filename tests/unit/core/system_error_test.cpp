// Failed system calls sorted into capacity (503, counted by resource) and internal errors; the
// whole-file writer (full disks are tested on a real full file system: integration/faults).
#include <cerrno>
#include <filesystem>

#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "core/fault_counter.h"
#include "core/system_error.h"

namespace pictor::core {
namespace {

TEST(SystemError, CapacityFailuresAreOutOfResourcesWithTheirResource) {
    struct Case {
        int errnum;
        const char* resource;
    };
    for (auto c : {Case{ENOSPC, "no_space"}, Case{EDQUOT, "quota"}, Case{EROFS, "read_only"},
                   Case{EMFILE, "file_descriptors"}, Case{ENFILE, "file_descriptors"},
                   Case{ENOMEM, "memory"}}) {
        auto e = system_error(c.errnum, "write /data/cache/x");
        EXPECT_EQ(e.code, ErrorCode::OutOfResources) << c.resource;
        EXPECT_EQ(resource_of(e), c.resource);
        EXPECT_NE(e.detail.find("/data/cache/x"), std::string::npos); // the path: log only
        EXPECT_EQ(e.message.find("/data"), std::string::npos);
    }
    auto other = system_error(EACCES, "open /x");
    EXPECT_EQ(other.code, ErrorCode::Internal);
    EXPECT_EQ(resource_of(other), "other");
}

TEST(AtomicFile, WritesCommitsAndNeverOverwritesByAccident) {
    auto dir = std::filesystem::temp_directory_path() / "pictor-atomic-file-test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto written = write_temp_file(dir, "bytes");
    ASSERT_TRUE(written);
    auto committed = commit_file(*written, dir / "target");
    ASSERT_TRUE(committed);
    EXPECT_TRUE(std::filesystem::exists(dir / "target"));
    auto again = write_new_file(dir / "target", "x", false); // exists: refused, kept
    ASSERT_FALSE(again);
    EXPECT_EQ(std::filesystem::file_size(dir / "target"), 5u);
    std::filesystem::remove_all(dir);
}

TEST(FaultCounter, CountsEveryFaultButAsksForOneLogLinePerInterval) {
    FaultCounter counter(std::chrono::seconds(3600));
    std::uint64_t unlogged = 99;
    EXPECT_TRUE(counter.record("cache", "no_space", &unlogged));
    EXPECT_EQ(unlogged, 0u);
    for (int i = 0; i < 5; ++i)
        EXPECT_FALSE(counter.record("cache", "no_space"));
    EXPECT_TRUE(counter.record("cache", "read_only")); // another cause: its own line
    auto counts = counter.counts();
    ASSERT_EQ(counts.size(), 2u);
    EXPECT_EQ(counts[0].count, 6u);
    EXPECT_EQ(counts[1].count, 1u);
    FaultCounter every(std::chrono::seconds(0));
    EXPECT_TRUE(every.record("pyramid", "no_space"));
    EXPECT_TRUE(every.record("pyramid", "no_space", &unlogged));
    EXPECT_EQ(unlogged, 0u);
}

} // namespace
} // namespace pictor::core
