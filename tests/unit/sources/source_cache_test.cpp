// The source cache with a scripted origin: one fetch per original, revalidation by ETag after
// revalidate_s, a changed origin replaces the copy, failures remembered briefly, the copy kept
// when the origin is down, least recently used evicted, recently used never, and a restart
// keeps what was stored.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "sources/source_cache.h"

namespace pictor::sources {
namespace {

namespace fs = std::filesystem;

struct ScriptedOrigin {
    std::map<std::string, std::string> bodies; // url -> body
    std::map<std::string, int> requests;
    core::Error failure{core::ErrorCode::Internal, "", ""};
    bool failing = false;
    bool serves_ranges = false; // else a Range header is ignored (200, everything)

    core::Result<OriginAnswer> operator()(const OriginRequest& r) {
        ++requests[r.url];
        if (failing) return failure;
        auto it = bodies.find(r.url);
        if (it == bodies.end()) return core::Error::not_found("no such image at its origin");
        std::string etag = "\"" + std::to_string(std::hash<std::string>{}(it->second)) + "\"";
        if (r.if_none_match == etag) return OriginAnswer{304, "", etag, "", ""};
        if (!r.range.empty() && serves_ranges) {
            auto dash = r.range.find('-');
            std::size_t from = std::stoull(r.range.substr(0, dash));
            std::size_t to =
                std::min<std::size_t>(std::stoull(r.range.substr(dash + 1)), it->second.size() - 1);
            return OriginAnswer{
                206, it->second.substr(from, to - from + 1), etag, "", "", it->second.size()};
        }
        return OriginAnswer{200, it->second, etag, "", "image/jpeg"};
    }
};

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

class SourceCacheTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("pictor-source-cache-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    SourceCacheOptions options(std::int64_t max_bytes = 1 << 20, int revalidate_s = 300) {
        SourceCacheOptions o;
        o.dir = dir_;
        o.max_bytes = max_bytes;
        o.revalidate_s = revalidate_s;
        o.negative_ttl_s = 1;
        o.in_use_s = 0;
        return o;
    }
    core::Result<SourceFile> get(SourceCache& cache, const std::string& url) {
        OriginRequest r;
        r.url = url;
        return cache.get(r, [this](const OriginRequest& q) { return origin_(q); });
    }
    fs::path dir_;
    ScriptedOrigin origin_;
};

TEST_F(SourceCacheTest, LargeTiffsAreReadByRangesTheRestStoredWhole) {
    const std::string tiff("II*\0", 4);
    origin_.bodies["http://o/big.tif"] = tiff + std::string(1000, 'x');
    origin_.bodies["http://o/small.tif"] = tiff + "tiny";
    origin_.bodies["http://o/a.jpg"] = "\xFF\xD8\xFF jpeg";
    origin_.serves_ranges = true;
    auto o = options();
    o.ranged_min_bytes = 100;
    o.ranged_reads.block_bytes = 64;
    SourceCache cache(o);
    auto big = get(cache, "http://o/big.tif");
    ASSERT_TRUE(big) << big.error().message;
    ASSERT_TRUE(big->ranged) << "read by ranges";
    EXPECT_TRUE(big->path.empty());
    EXPECT_EQ(big->bytes, 1004u);
    EXPECT_TRUE(cache.peek("http://o/big.tif"));
    ASSERT_TRUE(get(cache, "http://o/big.tif"));
    EXPECT_EQ(origin_.requests["http://o/big.tif"], 1) << "fresh: no second probe";
    // Within the first block: the probe brought all of it, stored whole.
    auto small = get(cache, "http://o/small.tif");
    ASSERT_TRUE(small);
    EXPECT_FALSE(small->ranged);
    EXPECT_EQ(read(small->path), origin_.bodies["http://o/small.tif"]);
    EXPECT_EQ(origin_.requests["http://o/small.tif"], 1);
    // Not a TIFF name: no probe, one whole fetch.
    ASSERT_TRUE(get(cache, "http://o/a.jpg"));
    EXPECT_EQ(origin_.requests["http://o/a.jpg"], 1);
    // An origin that ignores ranges answers the probe with everything: stored, one request.
    origin_.serves_ranges = false;
    origin_.bodies["http://o/big2.tif"] = origin_.bodies["http://o/big.tif"];
    auto whole = get(cache, "http://o/big2.tif");
    ASSERT_TRUE(whole);
    EXPECT_FALSE(whole->ranged);
    EXPECT_EQ(read(whole->path).size(), 1004u);
    EXPECT_EQ(origin_.requests["http://o/big2.tif"], 1);
}

TEST_F(SourceCacheTest, FetchesOnceAndServesTheCopy) {
    origin_.bodies["http://o/a.jpg"] = "first";
    SourceCache cache(options());
    auto a = get(cache, "http://o/a.jpg");
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(read(a->path), "first");
    EXPECT_FALSE(a->origin_version.empty());
    auto again = get(cache, "http://o/a.jpg");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->path, a->path);
    EXPECT_EQ(origin_.requests["http://o/a.jpg"], 1);
    ASSERT_TRUE(cache.peek("http://o/a.jpg"));
    EXPECT_FALSE(cache.peek("http://o/never.jpg"));
}

TEST_F(SourceCacheTest, RevalidatesAndFollowsAChangedOrigin) {
    origin_.bodies["http://o/a.jpg"] = "first";
    SourceCache cache(options(1 << 20, 0)); // always revalidate
    auto a = get(cache, "http://o/a.jpg");
    ASSERT_TRUE(a);
    EXPECT_FALSE(cache.peek("http://o/a.jpg")); // due for revalidation: not on the fast path
    auto same = get(cache, "http://o/a.jpg");   // 304
    ASSERT_TRUE(same);
    EXPECT_EQ(same->origin_version, a->origin_version);
    EXPECT_EQ(cache.stats().not_modified, 1u);
    origin_.bodies["http://o/a.jpg"] = "second";
    auto changed = get(cache, "http://o/a.jpg");
    ASSERT_TRUE(changed);
    EXPECT_EQ(read(changed->path), "second");
    EXPECT_NE(changed->origin_version, a->origin_version);
    EXPECT_NE(changed->version(), a->version());
}

TEST_F(SourceCacheTest, FailuresAreRememberedBrieflyAndADownOriginKeepsTheCopy) {
    SourceCache cache(options(1 << 20, 0));
    EXPECT_EQ(get(cache, "http://o/gone.jpg").error().code, core::ErrorCode::NotFound);
    EXPECT_EQ(get(cache, "http://o/gone.jpg").error().code, core::ErrorCode::NotFound);
    EXPECT_EQ(origin_.requests["http://o/gone.jpg"], 1); // the second answered from memory
    origin_.bodies["http://o/a.jpg"] = "kept";
    ASSERT_TRUE(get(cache, "http://o/a.jpg"));
    origin_.failing = true;
    origin_.failure = {core::ErrorCode::UpstreamFailed, "down", ""};
    auto stale = get(cache, "http://o/a.jpg");
    ASSERT_TRUE(stale) << "a failing origin does not make the copy wrong";
    EXPECT_EQ(read(stale->path), "kept");
    // An origin that says the image is gone does.
    origin_.failing = false;
    origin_.bodies.erase("http://o/a.jpg");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100)); // past negative_ttl_s
    EXPECT_EQ(get(cache, "http://o/a.jpg").error().code, core::ErrorCode::NotFound);
}

TEST_F(SourceCacheTest, LeastRecentlyUsedGoFirstAndRecentOnesStay) {
    for (const char* u : {"http://o/1", "http://o/2", "http://o/3"})
        origin_.bodies[u] = std::string(400, 'x');
    SourceCache cache(options(1000)); // room for two
    ASSERT_TRUE(get(cache, "http://o/1"));
    ASSERT_TRUE(get(cache, "http://o/2"));
    ASSERT_TRUE(get(cache, "http://o/1")); // 1 is now more recent than 2
    ASSERT_TRUE(get(cache, "http://o/3"));
    EXPECT_LE(cache.stats().bytes_stored, 1000);
    EXPECT_TRUE(cache.peek("http://o/1"));
    EXPECT_FALSE(cache.peek("http://o/2"));
    // With in_use_s, what was just used is never evicted, even over the budget.
    auto o = options(1000);
    o.in_use_s = 60;
    fs::remove_all(dir_);
    SourceCache busy(o);
    ASSERT_TRUE(get(busy, "http://o/1"));
    ASSERT_TRUE(get(busy, "http://o/2"));
    ASSERT_TRUE(get(busy, "http://o/3"));
    EXPECT_TRUE(busy.peek("http://o/1"));
    EXPECT_EQ(busy.stats().bytes_stored, 1200);
}

TEST_F(SourceCacheTest, ARestartKeepsWhatWasStored) {
    origin_.bodies["http://o/a.jpg"] = "persisted";
    {
        SourceCache cache(options());
        ASSERT_TRUE(get(cache, "http://o/a.jpg"));
    }
    SourceCache reopened(options());
    auto a = reopened.peek("http://o/a.jpg");
    ASSERT_TRUE(a);
    EXPECT_EQ(read(a->path), "persisted");
    EXPECT_EQ(origin_.requests["http://o/a.jpg"], 1);
}

} // namespace
} // namespace pictor::sources
