#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "sources/source_store.h"

namespace pictor::sources {
namespace {

namespace fs = std::filesystem;

class SourceStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        base_ = fs::path(::testing::TempDir()) / ("pictor-store-" + std::to_string(::getpid()));
        fs::remove_all(base_);
        fs::create_directories(base_ / "root/sub");
        std::ofstream(base_ / "root/a.jpg") << "x";
        std::ofstream(base_ / "root/sub/b.jpg") << "y";
        std::ofstream(base_ / "secret.jpg") << "z";
        fs::create_symlink(base_ / "secret.jpg", base_ / "root/out.jpg");
        fs::create_symlink(base_ / "root/a.jpg", base_ / "root/in.jpg");
    }
    void TearDown() override { fs::remove_all(base_); }
    fs::path base_;
};

TEST_F(SourceStoreTest, ResolvesFilesInsideTheRoot) {
    SourceStore s(base_ / "root");
    EXPECT_TRUE(s.resolve("a.jpg"));
    EXPECT_TRUE(s.resolve("sub/b.jpg"));
    EXPECT_TRUE(s.resolve("in.jpg"));
    EXPECT_EQ(s.resolve("a.jpg")->bytes, 1u);
}

TEST_F(SourceStoreTest, RefusesEscapes) {
    SourceStore s(base_ / "root");
    using core::ErrorCode;
    EXPECT_EQ(s.resolve("../secret.jpg").error().code, ErrorCode::BadRequest);
    EXPECT_EQ(s.resolve("sub/../../secret.jpg").error().code, ErrorCode::BadRequest);
    EXPECT_EQ(s.resolve("/etc/passwd").error().code, ErrorCode::BadRequest);
    EXPECT_EQ(s.resolve(std::string("a.jpg\0x", 7)).error().code, ErrorCode::BadRequest);
    EXPECT_EQ(s.resolve("sub\\..\\..\\secret.jpg").error().code, ErrorCode::BadRequest);
    EXPECT_EQ(s.resolve("./a.jpg").error().code, ErrorCode::BadRequest);
    EXPECT_EQ(s.resolve("sub//b.jpg").error().code, ErrorCode::BadRequest);
    EXPECT_EQ(s.resolve("out.jpg").error().code, ErrorCode::NotFound); // symlink out
    EXPECT_EQ(s.resolve("sub").error().code, ErrorCode::NotFound);     // directory
    EXPECT_EQ(s.resolve("missing.jpg").error().code, ErrorCode::NotFound);
    EXPECT_EQ(s.resolve("%2e%2e/secret.jpg").error().code, ErrorCode::NotFound);
}

TEST_F(SourceStoreTest, VersionChangesWhenTheFileChanges) {
    SourceStore s(base_ / "root");
    auto before = s.resolve("a.jpg")->version();
    std::ofstream(base_ / "root/a.jpg") << "longer content";
    EXPECT_NE(s.resolve("a.jpg")->version(), before);
}

// unchanged(): how a remembered answer is checked on every request. Each way a file can change
// under its identifier makes it false, and so does anything resolve() has not remembered.
TEST_F(SourceStoreTest, UnchangedHoldsOnlyWhileTheIdentifierNamesTheSameFile) {
    SourceStore s(base_ / "root");
    auto a = *s.resolve("a.jpg");
    auto b = *s.resolve("sub/b.jpg");
    auto in = *s.resolve("in.jpg"); // a symlink inside the root: its target's file
    EXPECT_TRUE(s.unchanged("a.jpg", a));
    EXPECT_TRUE(s.unchanged("sub/b.jpg", b));
    EXPECT_TRUE(s.unchanged("in.jpg", in));
    EXPECT_FALSE(s.unchanged("sub/b.jpg", a)) << "another identifier's file";
    EXPECT_FALSE(s.unchanged("never-resolved.jpg", a));

    std::ofstream(base_ / "root/sub/b.jpg") << "rewritten, longer"; // size and time change
    EXPECT_FALSE(s.unchanged("sub/b.jpg", b));
    auto b2 = *s.resolve("sub/b.jpg");
    EXPECT_TRUE(s.unchanged("sub/b.jpg", b2));
    auto same_size = b2;
    same_size.mtime_ns -= 1; // touched, same size: a new version
    EXPECT_FALSE(s.unchanged("sub/b.jpg", same_size));

    fs::remove(base_ / "root/a.jpg"); // gone
    EXPECT_FALSE(s.unchanged("a.jpg", a));
    fs::create_symlink(base_ / "secret.jpg", base_ / "root/a.jpg"); // a symlink out in its place
    EXPECT_FALSE(s.unchanged("a.jpg", a));
    EXPECT_FALSE(s.resolve("a.jpg"));
}

} // namespace
} // namespace pictor::sources
