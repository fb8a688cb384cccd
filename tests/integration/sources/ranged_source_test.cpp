// Large remote pyramids are read with ranged requests, never downloaded whole: a tile of a TIFF
// behind an origin with range support costs a few small requests; the answers are the bytes the
// same request gets from the local file; an origin without ranges still works (whole download);
// a pyramid replaced at its origin is reopened, never mixed with the old one.
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"
#include "support/test_origin.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class RangedSource : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        origin_dir_ = make_temp_dir("ranged-origin");
        fs::copy_file(samples_dir() / "pyramid.tif", origin_dir_ / "pyramid.tif");
        fs::copy_file(samples_dir() / "photo.jpg", origin_dir_ / "photo.jpg");
        origin_ = std::make_unique<TestOrigin>(origin_dir_);
        std::string o = "http://127.0.0.1:" + std::to_string(origin_->port());
        server_ = std::make_unique<ServerProcess>(
            root_->path(), std::vector<std::string>{
                               "remote.sources=web/=" + o + "/ranged/ plain/=" + o + "/files/",
                               "remote.allowed_networks=127.0.0.1/32", "remote.revalidate_s=1",
                               "remote.ranged_min_bytes=16384", "remote.ranged_block_bytes=16384"});
    }
    static void TearDownTestSuite() {
        server_.reset();
        origin_.reset();
        root_.reset();
        fs::remove_all(origin_dir_);
    }
    static HttpResponse get(const std::string& path) { return http_get(server_->url(path)); }
    static std::uint64_t pyramid_bytes() { return fs::file_size(samples_dir() / "pyramid.tif"); }

    static inline std::unique_ptr<TempImageRoot> root_;
    static inline fs::path origin_dir_;
    static inline std::unique_ptr<TestOrigin> origin_;
    static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(RangedSource, ATileOfARemotePyramidCostsAFewSmallRequests) {
    const std::string tile = "/1024,1024,512,512/512,/0/default.jpg";
    auto remote = get("/iiif/3/web%2Fpyramid.tif" + tile);
    ASSERT_EQ(remote.status, 200) << remote.body << server_->log();
    auto local = get("/iiif/3/pyramid.tif" + tile);
    ASSERT_EQ(local.status, 200);
    EXPECT_EQ(remote.body, local.body) << "same tiles, same engine: the same bytes";
    auto ranges = origin_->ranges();
    std::string asked;
    for (const auto& r : ranges)
        asked += r + " ";
    EXPECT_LE(ranges.size(), 24u) << asked;
    for (const auto& r : ranges)
        EXPECT_NE(r, "all") << "the whole file was asked for";
    EXPECT_LT(origin_->ranged_bytes(), pyramid_bytes() / 20)
        << origin_->ranged_bytes() << " of " << pyramid_bytes() << " bytes fetched";
    // The directory blocks are kept: a neighbouring region of four tiles costs at most the
    // revalidation of the first block and one request per tile.
    auto before = origin_->ranges().size();
    ASSERT_EQ(get("/iiif/3/web%2Fpyramid.tif/1536,1024,512,512/512,/0/default.jpg").status, 200);
    auto after = origin_->ranges();
    asked.clear();
    for (auto i = before; i < after.size(); ++i)
        asked += after[i] + " ";
    EXPECT_LE(after.size() - before, 5u) << asked;
}

TEST_F(RangedSource, InfoAndThumbnailsOfARemotePyramidStaySmall) {
    auto info = get("/iiif/3/web%2Fpyramid.tif/info.json");
    ASSERT_EQ(info.status, 200) << info.body;
    EXPECT_EQ(json::parse(info.body)["width"], 6000);
    auto thumb = get("/iiif/3/web%2Fpyramid.tif/full/!300,300/0/default.jpg");
    ASSERT_EQ(thumb.status, 200);
    auto local = get("/iiif/3/pyramid.tif/full/!300,300/0/default.jpg");
    EXPECT_EQ(decode(thumb.body).width, 300);
    EXPECT_LE(hamming(dhash(thumb.body), dhash(local.body)), 2);
    auto display = get("/api/display/web%2Fpyramid.tif?hsize=200");
    ASSERT_EQ(display.status, 200);
    EXPECT_EQ(decode(display.body).width, 200);
    EXPECT_LT(origin_->ranged_bytes(), pyramid_bytes() / 10);
    // The original is not streamed whole through pictor: the file API's answer for a limit.
    auto original = get("/original/web%2Fpyramid.tif");
    EXPECT_EQ(original.status, 400) << original.body;
    EXPECT_NE(original.body.find("rest-bad-request"), std::string::npos) << original.body;
    EXPECT_LT(origin_->ranged_bytes(), pyramid_bytes() / 10);
    // A JPEG behind the same origin is no TIFF: downloaded whole, as before.
    auto photo = get("/iiif/3/web%2Fphoto.jpg/full/120,/0/default.jpg");
    ASSERT_EQ(photo.status, 200);
    EXPECT_EQ(decode(photo.body).width, 120);
}

TEST_F(RangedSource, AnOriginWithoutRangesIsDownloadedWhole) {
    const std::string tile = "/0,0,512,512/256,/0/default.jpg";
    auto remote = get("/iiif/3/plain%2Fpyramid.tif" + tile);
    ASSERT_EQ(remote.status, 200) << remote.body;
    EXPECT_EQ(remote.body, get("/iiif/3/pyramid.tif" + tile).body);
    // The probe brought all of it (status 200): one request, no second download.
    EXPECT_EQ(origin_->requests("/files/pyramid.tif"), 1);
}

TEST_F(RangedSource, AReplacedPyramidIsReopenedNotMixed) {
    fs::path small = origin_dir_ / "small-pyramid.tif";
    std::string cmd = pictor_binary() + " process --pyramid " +
                      (samples_dir() / "collection/page1.jpg").string() + " " + small.string();
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    ASSERT_GT(fs::file_size(small), 16384u);
    fs::copy_file(small, origin_dir_ / "changing.tif");
    auto first = get("/iiif/3/web%2Fchanging.tif/info.json");
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(json::parse(first.body)["width"], 600);
    // Replaced at the origin (a new ETag): once revalidate_s has passed, the new one is read.
    fs::copy_file(samples_dir() / "pyramid.tif", origin_dir_ / "changing.tif",
                  fs::copy_options::overwrite_existing);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    auto second = get("/iiif/3/web%2Fchanging.tif/info.json");
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(json::parse(second.body)["width"], 6000);
    auto tile = get("/iiif/3/web%2Fchanging.tif/0,0,512,512/256,/0/default.jpg");
    ASSERT_EQ(tile.status, 200);
    EXPECT_EQ(tile.body, get("/iiif/3/pyramid.tif/0,0,512,512/256,/0/default.jpg").body);
}

TEST_F(RangedSource, AMissingPyramidIs404AndAFailingOriginIs502) {
    EXPECT_EQ(get("/iiif/3/web%2Fnothing.tif/info.json").status, 404);
    TestOrigin gone(origin_dir_);
    int port = gone.port();
    std::string o = "http://127.0.0.1:" + std::to_string(port);
    ServerProcess server(root_->path(), {"remote.sources=web/=" + o + "/status/500/",
                                         "remote.allowed_networks=127.0.0.1/32"});
    auto r = http_get(server.url("/iiif/3/web%2Fbig.tif/info.json"));
    EXPECT_EQ(r.status, 502) << r.body;
    EXPECT_EQ(r.body.find("status 500 from the origin"), std::string::npos) << "no upstream body";
}

} // namespace
} // namespace pictor::test
