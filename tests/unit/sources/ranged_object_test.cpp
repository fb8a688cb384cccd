// Ranged reads with a scripted origin that serves one object by ranges: reads across block
// boundaries, one request per run of missing blocks, blocks kept within the memory budget, an
// origin that changed meanwhile (412) or answers the wrong bytes is an error, never mixed bytes;
// and which cold originals are worth a range probe, and which probe answers open one.
#include <gtest/gtest.h>

#include "sources/ranged_originals.h"

namespace pictor::sources {
namespace {

struct RangeOrigin {
    std::string body;
    std::string etag = "\"v1\"";
    std::vector<std::string> ranges;
    bool ignore_ranges = false;

    core::Result<OriginAnswer> operator()(const OriginRequest& r) {
        ranges.push_back(r.range);
        if (!r.if_match.empty() && r.if_match != etag)
            return OriginAnswer{412, "", etag, "", "", 0};
        if (r.range.empty() || ignore_ranges) return OriginAnswer{200, body, etag, "", "", 0};
        auto dash = r.range.find('-');
        std::size_t from = std::stoull(r.range.substr(0, dash));
        std::size_t to =
            std::min<std::size_t>(std::stoull(r.range.substr(dash + 1)), body.size() - 1);
        return OriginAnswer{206, body.substr(from, to - from + 1), etag, "", "", body.size()};
    }
};

std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    s[0] = 'I', s[1] = 'I', s[2] = '*', s[3] = '\0'; // a TIFF's signature
    for (std::size_t i = 4; i < n; ++i)
        s[i] = static_cast<char>((i * 7 + i / 251) & 0xFF);
    return s;
}

class RangedObjectTest : public ::testing::Test {
  protected:
    RangeOrigin origin{pattern(10'000)};
    RangedReadOptions options{1000, 4000};

    std::unique_ptr<RangedObject> open() {
        OriginRequest first;
        first.url = "https://images.example.org/big.tif";
        first.range = "0-999";
        auto answer = origin(first);
        origin.ranges.clear();
        return std::make_unique<RangedObject>(
            OriginRequest{first.url}, *answer, [this](const OriginRequest& r) { return origin(r); },
            options);
    }
    std::string read(const RangedObject& o, std::uint64_t at, std::size_t n) {
        std::string out(n, '\0');
        auto got = o.read_at(at, {out.data(), out.size()});
        EXPECT_TRUE(got) << (got ? "" : got.error().detail);
        out.resize(got ? *got : 0);
        return out;
    }
};

TEST_F(RangedObjectTest, ReadsAcrossBlocksWithOneRequestPerMissingRun) {
    auto o = open();
    EXPECT_EQ(o->size(), 10'000u);
    EXPECT_EQ(read(*o, 10, 100), origin.body.substr(10, 100)); // the opening block
    EXPECT_TRUE(origin.ranges.empty());
    EXPECT_EQ(read(*o, 2500, 2000), origin.body.substr(2500, 2000)); // blocks 2, 3, 4
    ASSERT_EQ(origin.ranges.size(), 1u);
    EXPECT_EQ(origin.ranges[0], "2000-4999");
    EXPECT_EQ(read(*o, 2000, 10), origin.body.substr(2000, 10)); // kept
    EXPECT_EQ(origin.ranges.size(), 1u);
    // Up to the end: the last block is short; beyond the end, nothing.
    EXPECT_EQ(read(*o, 9990, 100), origin.body.substr(9990));
    EXPECT_EQ(origin.ranges.back(), "9000-9999");
    EXPECT_EQ(read(*o, 10'000, 10), "");
    // A gap between kept blocks: only the missing ones are asked for.
    EXPECT_EQ(read(*o, 0, 10'000), origin.body);
    EXPECT_EQ(origin.ranges.back(), "5000-8999");
}

TEST_F(RangedObjectTest, KeepsBlocksWithinItsBudget) {
    auto o = open();
    EXPECT_EQ(read(*o, 0, 10'000), origin.body); // 10 blocks through a budget of 4
    auto before = origin.ranges.size();
    EXPECT_EQ(read(*o, 9000, 1000), origin.body.substr(9000)); // among the most recent
    EXPECT_EQ(origin.ranges.size(), before);
    EXPECT_EQ(read(*o, 1000, 1000), origin.body.substr(1000, 1000)); // evicted: asked again
    EXPECT_EQ(origin.ranges.size(), before + 1);
}

TEST_F(RangedObjectTest, AChangedOriginIsAnErrorNeverMixedBytes) {
    auto o = open();
    origin.etag = "\"v2\"";
    std::string out(100, '\0');
    auto got = o->read_at(5000, {out.data(), out.size()});
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code, core::ErrorCode::UpstreamFailed);
    EXPECT_TRUE(o->changed());
}

TEST_F(RangedObjectTest, WrongBytesFromTheOriginAreAnError) {
    auto o = open();
    origin.ignore_ranges = true; // answers 200 with everything
    std::string out(100, '\0');
    auto got = o->read_at(5000, {out.data(), out.size()});
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code, core::ErrorCode::UpstreamFailed);
    EXPECT_FALSE(o->changed());
}

TEST(RangedOriginals, OnlyNamesThatMayBeTiffsAreProbed) {
    RangedOriginals off({0, {}, 4, 300});
    EXPECT_FALSE(off.candidate("https://a.example/big.tif"));
    RangedOriginals on({1000, {}, 4, 300});
    struct Row {
        const char* url;
        bool probed;
    } rows[] = {
        {"https://a.example/big.tif", true},      {"https://a.example/big.TIFF", true},
        {"https://a.example/a/b.ptif?x=1", true}, {"https://a.example/assets/1234", true},
        {"https://a.example/photo.jpg", false},   {"https://a.example/x.png", false},
        {"https://a.example/x.tif.jpg", false},   {"https://a.example/dir.tif/x.jp2", false},
    };
    for (const auto& r : rows)
        EXPECT_EQ(on.candidate(r.url), r.probed) << r.url;
}

TEST(RangedOriginals, OnlyLargeTiffsWithAnEtagAreOpened) {
    RangeOrigin origin{pattern(10'000)};
    RangedOriginals ranged({5000, {1000, 4000}, 2, 300});
    OriginRequest request{"https://a.example/big.tif"};
    auto fetch = [&](const OriginRequest& r) { return origin(r); };
    auto probe = origin(ranged.probe_request(request));
    ASSERT_TRUE(probe);
    EXPECT_EQ(origin.ranges.back(), "0-999");
    auto file = ranged.open("k", request, *probe, fetch);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->bytes, 10'000u);
    EXPECT_EQ(file->origin_version, "etag:\"v1\"");
    EXPECT_TRUE(ranged.fresh("k"));
    // The same ETag again keeps the object (and its blocks).
    auto again = ranged.open("k", request, *probe, fetch);
    EXPECT_EQ(again->ranged, file->ranged);

    auto no_etag = *probe;
    no_etag.etag.clear();
    EXPECT_FALSE(ranged.open("k", request, no_etag, fetch));
    EXPECT_FALSE(ranged.fresh("k")) << "forgotten";
    auto jpeg = *probe;
    jpeg.body = "\xFF\xD8\xFF" + jpeg.body.substr(3);
    EXPECT_FALSE(ranged.open("k", request, jpeg, fetch));
    auto small = *probe;
    small.total_bytes = 4000;
    EXPECT_FALSE(ranged.open("k", request, small, fetch));
}

} // namespace
} // namespace pictor::sources
