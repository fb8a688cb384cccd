// The derivative cache's shared tier (cache.shared): two nodes with their own local caches
// share a bucket in s3rver; what one renders, the other serves from the bucket without a
// decode. A damaged object in the bucket is a miss, and an unreachable bucket costs a render,
// never an error.
#include <chrono>
#include <thread>

#include "integration/fixture.h"
#include "support/s3_server.h"

namespace pictor::test {
namespace {

std::vector<std::string> shared_tier(const std::string& endpoint) {
    return {"cache.shared=s3://derivatives/tier/",
            "s3.endpoint=" + endpoint,
            "s3.path_style=true",
            std::string("s3.access_key=") + S3Server::kAccessKey,
            std::string("s3.secret_key=") + S3Server::kSecretKey,
            "cache.shared_timeout_ms=1000"};
}

// Writes are queued; waits (bounded) until the node reports `n` of them done.
void wait_for_writes(const ServerProcess& node, long long n) {
    for (int i = 0; i < 100 && metric(node, "pictor_cache_shared_writes_total") < n; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_EQ(metric(node, "pictor_cache_shared_writes_total"), n) << node.log();
}

class SharedTier : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s3_ = std::make_unique<S3Server>(std::vector<std::string>{"derivatives"});
        root_ = std::make_unique<TempImageRoot>();
        a_ = std::make_unique<ServerProcess>(root_->path(), shared_tier(s3_->endpoint()));
        b_ = std::make_unique<ServerProcess>(root_->path(), shared_tier(s3_->endpoint()));
    }
    static void TearDownTestSuite() {
        a_.reset();
        b_.reset();
        root_.reset();
        s3_.reset();
    }
    static inline std::unique_ptr<S3Server> s3_;
    static inline std::unique_ptr<TempImageRoot> root_;
    static inline std::unique_ptr<ServerProcess> a_, b_;
};

TEST_F(SharedTier, ARenderOnOneNodeIsServedByTheOtherWithoutADecode) {
    const std::string path = "/iiif/3/photo.jpg/0,0,1200,900/300,/0/default.jpg";
    auto first = http_get(a_->url(path));
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(metric(*a_, "pictor_renders_total"), 1);
    wait_for_writes(*a_, 1);

    auto second = http_get(b_->url(path));
    ASSERT_EQ(second.status, 200) << second.body << b_->log();
    EXPECT_EQ(second.body, first.body);
    EXPECT_EQ(decode(second.body).width, 300);
    EXPECT_EQ(metric(*b_, "pictor_renders_total"), 0);
    EXPECT_EQ(metric(*b_, "pictor_cache_shared_hits_total"), 1);
    EXPECT_EQ(metric(*b_, "pictor_cache_shared_writes_total"), 0); // it came from there
    // Node b keeps it locally: the next request does not ask the bucket again.
    EXPECT_EQ(http_get(b_->url(path)).body, first.body);
    EXPECT_EQ(metric(*b_, "pictor_cache_shared_hits_total"), 1);
    EXPECT_EQ(metric(*b_, "pictor_cache_shared_misses_total"), 0);

    // A request neither node has seen misses the bucket once, then renders.
    auto other = http_get(b_->url("/iiif/3/photo.jpg/full/150,/0/default.png"));
    ASSERT_EQ(other.status, 200);
    EXPECT_EQ(decode(other.body).width, 150);
    EXPECT_EQ(metric(*b_, "pictor_cache_shared_misses_total"), 1);
    EXPECT_EQ(metric(*b_, "pictor_renders_total"), 1);
    wait_for_writes(*b_, 1);
}

TEST_F(SharedTier, ADamagedObjectInTheBucketIsRenderedAgainNotServed) {
    const std::string path = "/iiif/3/portrait.jpg/full/120,/0/default.jpg";
    long long writes = metric(*a_, "pictor_cache_shared_writes_total");
    std::size_t seen = s3_->log().size();
    ASSERT_EQ(http_get(a_->url(path)).status, 200);
    wait_for_writes(*a_, writes + 1);
    // s3rver's log names the object the node wrote: "PUT /derivatives/tier/ab/abc… 200".
    std::smatch m;
    std::string written = s3_->log().substr(seen);
    ASSERT_TRUE(std::regex_search(written, m, std::regex("tier/([0-9a-f]{2})/([0-9a-f]{64})")))
        << written;
    ASSERT_EQ(s3_->put("derivatives", "tier/" + m[1].str() + "/" + m[2].str(), "not an entry"),
              200);
    long long renders = metric(*b_, "pictor_renders_total");
    auto again = http_get(b_->url(path));
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(decode(again.body).width, 120);
    EXPECT_EQ(metric(*b_, "pictor_renders_total"), renders + 1);
    EXPECT_GE(metric(*b_, "pictor_cache_corrupt_total"), 1);
}

TEST(SharedTierDown, AnUnreachableBucketCostsARenderNotAnError) {
    TempImageRoot root;
    // Port 9 (discard) on loopback: nothing listens, so connections are refused at once.
    ServerProcess node(root.path(), shared_tier("http://127.0.0.1:9"));
    for (const char* path :
         {"/iiif/3/photo.jpg/full/200,/0/default.jpg", "/api/display/portrait.jpg?size=30"}) {
        auto answer = http_get(node.url(path));
        ASSERT_EQ(answer.status, 200) << path << node.log();
    }
    EXPECT_EQ(metric(node, "pictor_renders_total"), 2);
    EXPECT_GE(metric(node, "pictor_cache_shared_errors_total"), 2);
    // The writes fail in the background, counted, and the node still answers.
    for (int i = 0; i < 100 && metric(node, "pictor_cache_shared_write_errors_total") < 2; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(metric(node, "pictor_cache_shared_write_errors_total"), 2);
    EXPECT_EQ(http_get(node.url("/iiif/3/photo.jpg/full/200,/0/default.jpg")).status, 200);
}

} // namespace
} // namespace pictor::test
