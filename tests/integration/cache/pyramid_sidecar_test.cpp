// Pyramid side-cars against the real binary: a large flat source is answered from itself the
// first time, gets one side-car built in the background however many requests ask, and is then
// answered from the side-car (fewer pixels decoded, same picture); a viewer's first tiles are
// cut from the decoded copy the build holds; side-cars survive a restart,
// are built for remote sources and on upload, and a damaged one falls back to the source.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "integration/fixture.h"
#include "support/test_origin.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTile = "/iiif/3/photo.jpg/1024,1024,512,512/512,/0/default.jpg";
constexpr const char* kThumb = "/iiif/3/photo.jpg/full/!300,300/0/default.jpg";

// Waits (at most 60 s) until a metric reaches `want`; its last value.
long long wait_for_metric(const ServerProcess& s, const std::string& name, long long want) {
    long long v = -1;
    for (int i = 0; i < 600; ++i) {
        v = metric(s, name);
        if (v >= want) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return v;
}

std::vector<fs::path> sidecars_in(const fs::path& data) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(data / "pyramids", ec))
        if (e.path().extension() == ".tif") out.push_back(e.path());
    return out;
}

class PyramidSidecar : public ::testing::Test {
  protected:
    void SetUp() override { data_ = make_temp_dir("sidecar-data"); }
    void TearDown() override {
        server_.reset();
        fs::remove_all(data_);
    }
    void start(std::vector<std::string> more = {}) {
        std::vector<std::string> settings = {"pyramid.min_pixels=1000000", "cache.enabled=false",
                                             "store.data=" + data_.string()};
        settings.insert(settings.end(), more.begin(), more.end());
        server_ = std::make_unique<ServerProcess>(root_.path(), settings);
    }
    HttpResponse get(const std::string& path) { return http_get(server_->url(path)); }
    long long decoded_by(const std::string& path) {
        long long before = metric(*server_, "pictor_decoded_pixels_total");
        EXPECT_EQ(get(path).status, 200) << path;
        return metric(*server_, "pictor_decoded_pixels_total") - before;
    }

    TempImageRoot root_;
    fs::path data_;
    std::unique_ptr<ServerProcess> server_;
};

TEST_F(PyramidSidecar, TheFirstRenderAnswersFromTheSourceAndLaterOnesFromTheSideCar) {
    start();
    auto first = get(kTile);
    ASSERT_EQ(first.status, 200);
    ASSERT_EQ(wait_for_metric(*server_, "pictor_pyramid_builds_total", 1), 1);
    auto files = sidecars_in(data_);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].stem().string().size(), 64u); // the source's content hash

    long long renders = metric(*server_, "pictor_pyramid_renders_total");
    auto again = get(kTile);
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_renders_total"), renders + 1);
    // The same picture: known colours at known points, and the same perceptual hash.
    EXPECT_EQ(decode(again.body).width, 512);
    for (auto [x, y] : {std::pair{10, 10}, std::pair{500, 20}, std::pair{256, 490}})
        EXPECT_TRUE(near(pixel(again.body, x, y), pixel(first.body, x, y), 16)) << x << "," << y;
    EXPECT_LE(hamming(dhash(again.body), dhash(first.body)), 4);
    // The same answer keeps its ETag: nothing a client holds is invalidated.
    EXPECT_EQ(again.header("etag"), first.header("etag"));

    // A thumbnail reads the 375x250 level instead of decoding 750x500 from the JPEG.
    EXPECT_LE(decoded_by(kThumb), 375 * 250);
    auto thumb = get(kThumb);
    EXPECT_EQ(decode(thumb.body).width, 300);
    // photo.jpg: R grows rightwards, G downwards.
    EXPECT_TRUE(near(pixel(thumb.body, 290, 100), {247, 128}, 20));
    EXPECT_TRUE(near(pixel(thumb.body, 10, 190), {9, 243}, 20));
    EXPECT_EQ(metric(*server_, "pictor_pyramid_build_failures_total"), 0);
}

TEST_F(PyramidSidecar, AViewersFirstTilesAreCutFromTheDecodedCopyTheBuildHolds) {
    start();
    ASSERT_EQ(get("/iiif/3/photo.jpg/info.json").status, 200);
    // Asked at once, while the side-car is being built: cut from the source the build holds
    // decoded, neither waiting for the file nor decoding the flat source again.
    long long decoded_before = metric(*server_, "pictor_decoded_pixels_total");
    auto first = get(kTile);
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(decode(first.body).width, 512);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_decoded_renders_total"), 1);
    EXPECT_EQ(metric(*server_, "pictor_decoded_pixels_total"), decoded_before);
    // Once the file is written, the copy is let go and the side-car answers: the same picture,
    // the same ETag.
    ASSERT_EQ(wait_for_metric(*server_, "pictor_pyramid_builds_total", 1), 1);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_decoded_bytes"), 0);
    auto later = get(kTile);
    ASSERT_EQ(later.status, 200);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_renders_total"), 1);
    for (auto [x, y] : {std::pair{10, 10}, std::pair{500, 20}, std::pair{256, 490}})
        EXPECT_TRUE(near(pixel(later.body, x, y), pixel(first.body, x, y), 16)) << x << "," << y;
    EXPECT_LE(hamming(dhash(later.body), dhash(first.body)), 4);
    EXPECT_EQ(later.header("etag"), first.header("etag"));
}

TEST_F(PyramidSidecar, WithoutADecodedCopyTheFirstTilesWaitForTheBuild) {
    start({"pyramid.decoded_copy_max_pixels=0"});
    ASSERT_EQ(get("/iiif/3/photo.jpg/info.json").status, 200);
    auto tile = get(kTile);
    ASSERT_EQ(tile.status, 200);
    EXPECT_EQ(decode(tile.body).width, 512);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_builds_total"), 1);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_renders_total"), 1);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_decoded_renders_total"), 0);
}

TEST_F(PyramidSidecar, ConcurrentRequestsOfAColdSourceBuildOneSideCar) {
    start();
    std::vector<std::future<long>> answers;
    for (int i = 0; i < 8; ++i)
        answers.push_back(std::async(std::launch::async, [&, i] {
            return get("/iiif/3/photo.jpg/" + std::to_string(i * 512) +
                       ",0,512,512/256,/0/"
                       "default.jpg")
                .status;
        }));
    for (auto& a : answers)
        EXPECT_EQ(a.get(), 200);
    ASSERT_EQ(wait_for_metric(*server_, "pictor_pyramid_builds_total", 1), 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(metric(*server_, "pictor_pyramid_builds_total"), 1);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_builds_waiting"), 0);
    EXPECT_EQ(sidecars_in(data_).size(), 1u);
}

TEST_F(PyramidSidecar, SideCarsSurviveARestart) {
    start();
    ASSERT_EQ(get(kThumb).status, 200);
    ASSERT_EQ(wait_for_metric(*server_, "pictor_pyramid_builds_total", 1), 1);
    server_.reset();
    start();
    EXPECT_EQ(get(kTile).status, 200);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_renders_total"), 1);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_builds_total"), 0);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_entries"), 1);
}

TEST_F(PyramidSidecar, SmallSourcesPyramidsAndTheSwitchedOffGetNone) {
    start();
    for (const char* id : {"alpha.png", "pyramid.tif", "portrait.jpg"})
        ASSERT_EQ(get(std::string("/iiif/3/") + id + "/full/!200,200/0/default.jpg").status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(metric(*server_, "pictor_pyramid_builds_waiting"), 0);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_builds_total"), 0);
    server_.reset();
    start({"pyramid.min_pixels=0"});
    ASSERT_EQ(get(kThumb).status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(metric(*server_, "pictor_pyramid_builds_total"), 0);
    EXPECT_TRUE(sidecars_in(data_).empty());
}

TEST_F(PyramidSidecar, ADamagedSideCarIsDroppedAndTheSourceAnswers) {
    start();
    ASSERT_EQ(get(kThumb).status, 200);
    ASSERT_EQ(wait_for_metric(*server_, "pictor_pyramid_builds_total", 1), 1);
    auto file = sidecars_in(data_).at(0);
    server_.reset();
    fs::resize_file(file, fs::file_size(file) / 3); // cut short: tiles of level 0 are gone
    start();
    auto tile = get(kTile);
    ASSERT_EQ(tile.status, 200);
    EXPECT_EQ(decode(tile.body).width, 512);
    EXPECT_FALSE(fs::exists(file));
    EXPECT_EQ(metric(*server_, "pictor_pyramid_renders_total"), 0);
}

TEST_F(PyramidSidecar, ARemoteSourceGetsOneToo) {
    TestOrigin origin(samples_dir());
    start({"remote.sources=web/=" + origin.url("/files/"), "remote.allowed_networks=127.0.0.1/32"});
    ASSERT_EQ(get("/iiif/3/web%2Fphoto.jpg/full/!300,300/0/default.jpg").status, 200);
    ASSERT_EQ(wait_for_metric(*server_, "pictor_pyramid_builds_total", 1), 1);
    auto tile = get("/iiif/3/web%2Fphoto.jpg/1024,1024,512,512/512,/0/default.jpg");
    ASSERT_EQ(tile.status, 200);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_renders_total"), 1);
    EXPECT_EQ(origin.requests("/files/photo.jpg"), 1);
}

TEST_F(PyramidSidecar, AnUploadBuildsItsSideCarBeforeTheFirstView) {
    // Without the thumbnail pre-renderer, nothing renders but this test's one request.
    start({"admin.user=admin", "admin.password=secret-pw", "auth.prerender_thumbnails=false"});
    std::string big = read_bytes(samples_dir() / "photo.jpg");
    auto put = http_request("PUT", server_->url("/admin/assets/upload.jpg/source"),
                            {"Authorization: Basic YWRtaW46c2VjcmV0LXB3"}, &big);
    ASSERT_EQ(put.status / 100, 2) << put.body;
    // Built without any viewer asking.
    EXPECT_EQ(wait_for_metric(*server_, "pictor_pyramid_builds_total", 1), 1);
    EXPECT_EQ(metric(*server_, "pictor_renders_total"), 0);
    ASSERT_EQ(get("/iiif/3/upload.jpg/1024,1024,512,512/512,/0/default.jpg").status, 200);
    EXPECT_EQ(metric(*server_, "pictor_pyramid_renders_total"), 1);
}

} // namespace
} // namespace pictor::test
