// Failed system calls sorted into capacity (503, counted by resource) and internal errors; the
// whole-file writer (full disks are tested on a real full file system: integration/faults).
#include <sys/mount.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

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

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

TEST(TempFile, IsWrittenAtAnyOffsetReadBackAndCommitted) {
    auto dir = std::filesystem::temp_directory_path() / "pictor-temp-file-test";
    std::filesystem::remove_all(dir);
    auto file = TempFile::create(dir);
    ASSERT_TRUE(file) << file.error().detail;
    file->write_at(0, "HEADER--", 8);
    file->write_at(8, "body", 4);
    file->write_at(2, "ad", 2); // patched, as a TIFF writer patches its first directory's offset
    EXPECT_EQ(file->size(), 12u);
    char back[16] = {};
    EXPECT_EQ(file->read_at(6, back, sizeof back), 6u); // fewer at the end
    EXPECT_EQ(std::string(back, 6), "--body");
    auto temp = file->finish();
    ASSERT_TRUE(temp) << temp.error().detail;
    ASSERT_TRUE(commit_file(*temp, dir / "target"));
    EXPECT_EQ(file_text(dir / "target"), "HEadER--body");
    {
        auto abandoned = TempFile::create(dir);
        ASSERT_TRUE(abandoned);
        abandoned->write_at(0, "x", 1);
    } // never finished: removed
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
    std::filesystem::remove_all(dir);
}

TEST(TempFile, AFullDiskIsReportedAtFinishAndNothingIsLeft) {
    auto dir =
        std::filesystem::temp_directory_path() / ("pictor-temp-full-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=64k") != 0) {
        std::filesystem::remove(dir);
        GTEST_SKIP() << "cannot mount a small tmpfs here (not root): integration/faults covers it";
    }
    auto file = TempFile::create(dir);
    ASSERT_TRUE(file);
    std::string block(16 * 1024, 'x');
    for (std::uint64_t at = 0; at < 256 * 1024; at += block.size()) // 4 times the room
        file->write_at(at, block.data(), block.size());             // never throws nor stops
    auto temp = file->finish();
    ASSERT_FALSE(temp);
    EXPECT_EQ(temp.error().code, ErrorCode::OutOfResources) << temp.error().detail;
    EXPECT_EQ(resource_of(temp.error()), "no_space");
    EXPECT_TRUE(std::filesystem::is_empty(dir));
    ::umount(dir.c_str());
    std::filesystem::remove(dir);
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
