// The derivative cache on disk: round trip, verification, LRU bound, restart, write failures.
#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "cache/cache_entry.h"
#include "cache/derivative_cache.h"

namespace pictor::cache {
namespace {

namespace fs = std::filesystem;

std::string key(int n) {
    std::string k = std::to_string(n);
    return std::string(64 - k.size(), 'a') + k;
}

CachedImage image(std::size_t bytes, char fill = 'x') {
    return {std::string(bytes, fill), core::ImageFormat::Png, {30, 20}};
}

class DerivativeCacheTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::path(::testing::TempDir()) / ("pictor-cache-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::unique_ptr<DerivativeCache> open(std::int64_t max, std::int64_t memory = 0) {
        auto c = DerivativeCache::open(dir_, max, memory);
        EXPECT_TRUE(c);
        return std::move(*c);
    }
    fs::path file_of(const std::string& k) { return dir_ / k.substr(0, 2) / k; }
    fs::path dir_;
};

TEST(CacheEntry, RoundTripsAndRefusesAnyDamage) {
    std::string encoded = encode_cache_entry(image(100, 'q'));
    auto back = decode_cache_entry(encoded);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->bytes, std::string(100, 'q'));
    EXPECT_EQ(back->format, core::ImageFormat::Png);
    EXPECT_EQ(back->size, (core::Size{30, 20}));
    EXPECT_FALSE(decode_cache_entry(encoded.substr(0, encoded.size() - 1))); // truncated
    EXPECT_FALSE(decode_cache_entry(encoded + "x"));                         // padded
    std::string flipped = encoded;
    flipped[50] ^= 1;
    EXPECT_FALSE(decode_cache_entry(flipped)); // payload bit flip
    std::string header = encoded;
    header[8] ^= 1;
    EXPECT_FALSE(decode_cache_entry(header)); // width changed
    EXPECT_FALSE(decode_cache_entry(""));
}

TEST_F(DerivativeCacheTest, HitAfterPutAndMissOtherwise) {
    auto c = open(1 << 20);
    EXPECT_EQ(c->get(key(1)), nullptr);
    ASSERT_TRUE(c->put(key(1), image(1000)));
    auto hit = c->get(key(1));
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->bytes.size(), 1000u);
    auto s = c->stats();
    EXPECT_EQ(s.hits, 1u);
    EXPECT_EQ(s.misses, 1u);
    EXPECT_EQ(s.entries, 1u);
    EXPECT_EQ(s.bytes, 1032u); // 32-byte header
}

TEST_F(DerivativeCacheTest, EvictsLeastRecentlyUsedFirst) {
    auto c = open(3 * 1032);
    for (int i = 1; i <= 3; ++i)
        ASSERT_TRUE(c->put(key(i), image(1000)));
    ASSERT_NE(c->get(key(1)), nullptr); // 1 is now the most recent; 2 is the oldest
    ASSERT_TRUE(c->put(key(4), image(1000)));
    EXPECT_EQ(c->get(key(2)), nullptr);
    EXPECT_FALSE(fs::exists(file_of(key(2))));
    EXPECT_NE(c->get(key(1)), nullptr);
    EXPECT_NE(c->get(key(4)), nullptr);
    EXPECT_EQ(c->stats().evictions, 1u);
    EXPECT_LE(c->stats().bytes, 3u * 1032);
}

TEST_F(DerivativeCacheTest, CorruptOrTruncatedEntriesAreDroppedNotServed) {
    auto c = open(1 << 20);
    ASSERT_TRUE(c->put(key(1), image(1000)));
    ASSERT_TRUE(c->put(key(2), image(1000)));
    fs::resize_file(file_of(key(1)), 500);
    {
        std::fstream f(file_of(key(2)), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(600);
        f.put('!');
    }
    EXPECT_EQ(c->get(key(1)), nullptr);
    EXPECT_EQ(c->get(key(2)), nullptr);
    EXPECT_EQ(c->stats().corrupt, 2u);
    EXPECT_FALSE(fs::exists(file_of(key(1))));
    EXPECT_EQ(c->stats().entries, 0u);
}

TEST_F(DerivativeCacheTest, MemoryTierServesAVerifiedCopy) {
    auto c = open(1 << 20, 1 << 20);
    ASSERT_TRUE(c->put(key(1), image(1000)));
    ASSERT_NE(c->get(key(1)), nullptr);
    EXPECT_EQ(c->stats().memory_hits, 1u);
}

TEST_F(DerivativeCacheTest, SurvivesARestartAndCleansTempFiles) {
    {
        auto c = open(1 << 20);
        ASSERT_TRUE(c->put(key(1), image(1000)));
    }
    std::ofstream(dir_ / "tmp" / (key(9) + ".1.1")) << "half written";
    auto again = open(1 << 20);
    EXPECT_NE(again->get(key(1)), nullptr);
    EXPECT_TRUE(fs::is_empty(dir_ / "tmp"));
    EXPECT_EQ(again->stats().entries, 1u);
}

TEST_F(DerivativeCacheTest, WriteFailuresAreCountedNotThrown) {
    auto c = open(1 << 20);
    fs::remove_all(dir_);
    std::ofstream(dir_) << "not a directory any more";
    auto r = c->put(key(1), image(10));
    EXPECT_FALSE(r);
    EXPECT_EQ(c->stats().write_errors, 1u);
    EXPECT_EQ(c->get(key(1)), nullptr);
    fs::remove(dir_);
}

} // namespace
} // namespace pictor::cache

namespace pictor::cache {
namespace {

// Another node's tier in memory: what one cache writes, a second one finds.
class MemoryTier : public SharedTier {
  public:
    std::map<std::string, std::string> objects;
    SharedTierStats counts;
    std::optional<std::string> get(const std::string& key) override {
        auto it = objects.find(key);
        ++(it == objects.end() ? counts.misses : counts.hits);
        if (it == objects.end()) return std::nullopt;
        return it->second;
    }
    void put(const std::string& key, std::string entry) override {
        ++counts.writes;
        objects[key] = std::move(entry);
    }
    void flush() override {}
    SharedTierStats stats() const override { return counts; }
    std::string describe() const override { return "memory"; }
};

class SharedTierTest : public ::testing::Test {
  protected:
    void TearDown() override {
        fs::remove_all(one_);
        fs::remove_all(two_);
    }
    // A cache in `dir` whose shared tier forwards to `tier_` (owned by the test).
    std::unique_ptr<DerivativeCache> open(const fs::path& dir) {
        struct Forward : SharedTier {
            SharedTier& to;
            explicit Forward(SharedTier& t) : to(t) {}
            std::optional<std::string> get(const std::string& k) override { return to.get(k); }
            void put(const std::string& k, std::string e) override { to.put(k, std::move(e)); }
            void flush() override {}
            SharedTierStats stats() const override { return to.stats(); }
            std::string describe() const override { return to.describe(); }
        };
        fs::remove_all(dir);
        auto c = DerivativeCache::open(dir, 1 << 20, 0, std::make_unique<Forward>(tier_));
        EXPECT_TRUE(c);
        return std::move(*c);
    }
    fs::path one_ = fs::path(::testing::TempDir()) / ("pictor-tier1-" + std::to_string(::getpid()));
    fs::path two_ = fs::path(::testing::TempDir()) / ("pictor-tier2-" + std::to_string(::getpid()));
    MemoryTier tier_;
};

TEST_F(SharedTierTest, APutOnOneNodeIsFoundByAnotherAndKeptLocally) {
    auto a = open(one_);
    auto b = open(two_);
    ASSERT_TRUE(a->put(key(1), image(500, 'p')));
    ASSERT_EQ(tier_.objects.count(key(1)), 1u);
    EXPECT_EQ(decode_cache_entry(tier_.objects[key(1)])->bytes, std::string(500, 'p'));

    EXPECT_EQ(b->get(key(1)), nullptr); // local tiers only
    auto found = b->get_shared(key(1));
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->bytes, std::string(500, 'p'));
    EXPECT_EQ(found->size, (core::Size{30, 20}));
    // Now on b's disk: a local hit, the shared tier not asked again.
    tier_.objects.clear();
    auto local = b->get(key(1));
    ASSERT_NE(local, nullptr);
    EXPECT_EQ(local->bytes, std::string(500, 'p'));
    EXPECT_EQ(b->stats().entries, 1u);
    EXPECT_EQ(tier_.counts.hits, 1u);
}

TEST_F(SharedTierTest, MissesAndDamagedEntriesAreNothing) {
    auto b = open(two_);
    EXPECT_EQ(b->get_shared(key(2)), nullptr);
    tier_.objects[key(3)] = "garbage";
    std::string entry = encode_cache_entry(image(100));
    entry[entry.size() / 2] ^= 1;
    tier_.objects[key(4)] = entry;
    EXPECT_EQ(b->get_shared(key(3)), nullptr);
    EXPECT_EQ(b->get_shared(key(4)), nullptr);
    EXPECT_EQ(b->stats().corrupt, 2u);
    EXPECT_EQ(b->stats().entries, 0u); // nothing damaged was kept
}

TEST_F(SharedTierTest, WithoutASharedTierNothingIsAsked) {
    fs::remove_all(one_);
    auto c = DerivativeCache::open(one_, 1 << 20, 0);
    ASSERT_TRUE(c);
    ASSERT_TRUE((*c)->put(key(5), image(10)));
    EXPECT_EQ((*c)->get_shared(key(5)), nullptr);
    EXPECT_EQ((*c)->shared_tier(), nullptr);
}

} // namespace
} // namespace pictor::cache
