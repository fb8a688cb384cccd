// The side-car folder: found after a restart, bounded least-recently-used first, recently used
// side-cars kept over the bound, crash leftovers removed, unreadable ones forgotten.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "cache/pyramid_store.h"

namespace pictor::cache {
namespace {

namespace fs = std::filesystem;

std::string key(int n) {
    std::string k = std::to_string(n);
    return std::string(64 - k.size(), 'b') + k;
}

class PyramidStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::path(::testing::TempDir()) / ("pictor-pyramids-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    // What a builder does: write the side-car where path_for() says, then report it.
    static void build(PyramidStore& store, const std::string& k, std::size_t bytes) {
        std::ofstream(store.path_for(k), std::ios::binary) << std::string(bytes, 'p');
        store.added(k);
    }
    fs::path dir_;
};

TEST_F(PyramidStoreTest, ASideCarIsFoundByItsKeyAndCounted) {
    PyramidStore store({dir_, 1 << 20, 0});
    EXPECT_FALSE(store.find(key(1)));
    build(store, key(1), 1000);
    auto found = store.find(key(1));
    ASSERT_TRUE(found);
    EXPECT_EQ(*found, dir_ / (key(1) + ".tif"));
    EXPECT_EQ(store.stats().entries, 1u);
    EXPECT_EQ(store.stats().bytes, 1000);
}

TEST_F(PyramidStoreTest, OverTheBoundTheLeastRecentlyUsedGoFirst) {
    PyramidStore store({dir_, 2500, 0}); // in_use_s = 0: nothing is protected
    build(store, key(1), 1000);
    build(store, key(2), 1000);
    ASSERT_TRUE(store.find(key(1))); // 1 is now more recent than 2
    build(store, key(3), 1000);
    EXPECT_TRUE(store.find(key(1)));
    EXPECT_FALSE(store.find(key(2)));
    EXPECT_FALSE(fs::exists(store.path_for(key(2))));
    EXPECT_TRUE(store.find(key(3)));
    EXPECT_EQ(store.stats().evictions, 1u);
    EXPECT_LE(store.stats().bytes, 2500);
}

TEST_F(PyramidStoreTest, ASideCarInUseIsKeptOverTheBound) {
    PyramidStore store({dir_, 1500, 60});
    build(store, key(1), 1000);
    build(store, key(2), 1000); // both used within the last minute: a render may open either
    EXPECT_TRUE(store.find(key(1)));
    EXPECT_TRUE(store.find(key(2)));
    EXPECT_EQ(store.stats().bytes, 2000);
}

TEST_F(PyramidStoreTest, SideCarsSurviveARestartAndCrashLeftoversGo) {
    {
        PyramidStore store({dir_, 1 << 20, 0});
        build(store, key(1), 1000);
    }
    std::ofstream(dir_ / (key(2) + ".tif.tmp-123-1")) << "half a build";
    std::ofstream(dir_ / "notes.txt") << "not a side-car";
    PyramidStore again({dir_, 1 << 20, 0});
    EXPECT_TRUE(again.find(key(1)));
    EXPECT_FALSE(again.find(key(2)));
    EXPECT_FALSE(fs::exists(dir_ / (key(2) + ".tif.tmp-123-1")));
    EXPECT_EQ(again.stats().entries, 1u);
    EXPECT_EQ(again.stats().bytes, 1000);
}

TEST_F(PyramidStoreTest, AfterARestartTheOldestBuiltGoFirst) {
    {
        PyramidStore store({dir_, 1 << 20, 0});
        build(store, key(1), 1000);
        build(store, key(2), 1000);
        fs::last_write_time(store.path_for(key(1)),
                            fs::last_write_time(store.path_for(key(2))) - std::chrono::hours(1));
    }
    PyramidStore again({dir_, 1500, 0});
    EXPECT_FALSE(again.find(key(1)));
    EXPECT_TRUE(again.find(key(2)));
}

TEST_F(PyramidStoreTest, RemoveDeletesTheFile) {
    PyramidStore store({dir_, 1 << 20, 0});
    build(store, key(1), 1000);
    store.remove(key(1));
    EXPECT_FALSE(store.find(key(1)));
    EXPECT_FALSE(fs::exists(store.path_for(key(1))));
    EXPECT_EQ(store.stats().bytes, 0);
}

} // namespace
} // namespace pictor::cache
