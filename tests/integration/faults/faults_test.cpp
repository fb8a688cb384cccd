// Faults, tried as an operator meets them, against the real binary: a full or read-only data
// folder (a real small tmpfs), no file descriptors left, a source removed or cut short while it
// is served, memory that runs out. The process stays alive, every answer is clean (503 with
// Retry-After for capacity, a 4xx for the source, never a 500), nothing half-written is left in
// any folder, faults are counted and logged, and caching resumes once the fault clears.
// Hung origins and bombs have suites of their own (hung_origin_test.cpp, bomb_test.cpp).
#include <signal.h>
#include <sys/resource.h>

#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <vips/vips8>

#include "integration/converter/converter_fixture.h"
#include "support/small_filesystem.h"
#include "support/test_origin.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;

bool alive(const ServerProcess& server) { return ::kill(server.pid(), 0) == 0; }

// Half-written files anywhere under `dir`: temp files of a write that did not finish.
std::vector<std::string> leftovers(const fs::path& dir) {
    std::vector<std::string> found;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!it->is_regular_file(ec) || name == "filler" || name.starts_with("catalog.sqlite"))
            continue;
        auto parent = it->path().parent_path().filename().string();
        if (name.find(".tmp") != std::string::npos || name.starts_with("vips-") ||
            parent == "tmp" || parent == ".tmp")
            found.push_back(it->path().string());
    }
    return found;
}

// A 49-megapixel photo-like progressive JPEG: a side-car candidate that costs a real decode.
void write_big_jpeg(const fs::path& to) {
    start_vips();
    using vips::VImage;
    VImage xy = VImage::xyz(7000, 7000);
    VImage rgb = (xy.extract_band(0) * (255.0 / 7000))
                     .bandjoin(xy.extract_band(1) * (255.0 / 7000))
                     .bandjoin(VImage::black(7000, 7000) + 128);
    VImage noise = VImage::gaussnoise(7000, 7000, VImage::option()->set("sigma", 4.0));
    (rgb + noise)
        .cast(VIPS_FORMAT_UCHAR)
        .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
        .jpegsave(to.c_str(), VImage::option()->set("Q", 85)->set("interlace", true));
}

class FullDisk : public ::testing::Test {
  protected:
    void SetUp() override {
        disk_ =
            std::make_unique<SmallFilesystem>(make_temp_dir("fault-disk") / "data", 24ull << 20);
        if (!disk_->mounted()) GTEST_SKIP() << disk_->why();
        write_big_jpeg(root_.path() / "big.jpg");
        std::ofstream(dir_ / "actions.json")
            << R"({"actions": {"web": {"description": "at most 400 px", "commands": "w_400,c_resize"}}})";
        origin_ = std::make_unique<TestOrigin>(samples_dir());
        temp_ = std::make_unique<TempDirFor>(disk_->path() / "tmp");
        server_ = std::make_unique<ServerProcess>(
            root_.path(), std::vector<std::string>{
                              "store.data=" + disk_->path().string(), "pyramid.min_pixels=8000000",
                              "imaging.actions=" + (dir_ / "actions.json").string(),
                              "remote.sources=web/=http://127.0.0.1:" +
                                  std::to_string(origin_->port()) + "/files/",
                              "remote.allowed_networks=127.0.0.1/32", "admin.user=admin",
                              "admin.password=secret-pw", "auth.kdf_cost=10", "converter.user=ox",
                              "converter.password=secret-pw"});
    }
    void TearDown() override {
        if (server_) {
            EXPECT_TRUE(alive(*server_)) << server_->log();
        }
        server_.reset();
        temp_.reset();
        disk_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    HttpResponse get(const std::string& path) { return http_get(server_->url(path)); }
    // Every dialect's request mix: images 200 (uncached when the cache cannot take them), the
    // converter's upload 503 in its JSON form, never a 500.
    void serve_every_dialect(const char* fault) {
        SCOPED_TRACE(fault);
        auto big = get("/iiif/3/big.jpg/full/1000,/45/default.jpg");
        ASSERT_EQ(big.status, 200) << big.body;
        EXPECT_GT(decode(big.body).width, 1000); // rotated by 45°: a wider bounding box
        EXPECT_EQ(get("/iiif/3/big.jpg/info.json").status, 200);
        for (int i = 0; i < 2; ++i) {
            auto thumb = get("/iiif/3/photo.jpg/full/!300,300/0/default.jpg");
            ASSERT_EQ(thumb.status, 200);
            EXPECT_EQ(thumb.header("x-pictor-cache"), "miss"); // not cached, still answered
            EXPECT_EQ(decode(thumb.body).width, 300);
        }
        auto display = get("/api/display/portrait.jpg?size=30");
        EXPECT_EQ(display.status, 200) << display.body;
        auto listing = get("/v1/file/alpha.png/thumbnails");
        ASSERT_EQ(listing.status, 200) << listing.body;
        auto thumbs = nlohmann::json::parse(listing.body)["thumbnails"];
        ASSERT_FALSE(thumbs.empty());
        std::string url = thumbs[0]["url"];
        EXPECT_EQ(http_get(url).status, 200) << url;
        auto dlcs = get("/thumbs/pyramid.tif/full/100,/0/default.jpg");
        EXPECT_LT(dlcs.status, 500) << dlcs.body;
        auto imaging = get("/app/api/json/imaging/web/portrait.jpg");
        EXPECT_EQ(imaging.status, 200) << imaging.body;
        EXPECT_EQ(decode(imaging.body).width, 400);
        auto upload = post(*server_, "cacheImage/k1",
                           multipart({{"sourceImage", read_bytes(root_.path() / "photo.jpg")}}));
        EXPECT_EQ(upload.status, 503) << upload.body;
        EXPECT_EQ(upload.header("retry-after"), "1");
        EXPECT_EQ(nlohmann::json::parse(upload.body)["code"], 503);
        EXPECT_EQ(get("/imageconverter/getImage/k1/auto:200x150").status, 404);
        EXPECT_EQ(get("/healthz").status, 200);
        auto ready = get("/readyz");
        EXPECT_EQ(ready.status, 200) << ready.body; // degraded, not down
        auto degraded = nlohmann::json::parse(ready.body)["degraded"];
        EXPECT_NE(std::find(degraded.begin(), degraded.end(), "cache"), degraded.end())
            << ready.body;
        EXPECT_EQ(leftovers(disk_->path()), std::vector<std::string>{});
        EXPECT_TRUE(alive(*server_));
    }

    TempImageRoot root_;
    fs::path dir_;
    std::unique_ptr<SmallFilesystem> disk_;
    std::unique_ptr<TempDirFor> temp_;
    std::unique_ptr<TestOrigin> origin_;
    std::unique_ptr<ServerProcess> server_;
};

TEST_F(FullDisk, EveryDialectStaysUpAndCachingResumesWhenThereIsRoomAgain) {
    disk_->fill();
    ASSERT_LT(disk_->free_bytes(), 4096u);
    serve_every_dialect("full");
    // The state database (SQLite beside the cache) cannot grow: a write is a 503 in the admin
    // API's JSON, never a 500 (SQLite may still fit a small write into its existing log).
    std::string role;
    auto admin = http_request("PUT", server_->url("/admin/roles/staff"),
                              {"Authorization: Basic YWRtaW46c2VjcmV0LXB3"}, &role);
    EXPECT_TRUE(admin.status == 503 || admin.status == 204) << admin.status << admin.body;
    // A remote original cannot be put in the source cache: 503, not a 500 or a half file.
    auto remote = get("/iiif/3/web%2Fsmall.gif/info.json");
    EXPECT_EQ(remote.status, 503) << remote.body;
    EXPECT_EQ(remote.header("retry-after"), "1");
    EXPECT_EQ(leftovers(disk_->path()), std::vector<std::string>{});
    EXPECT_GE(series(*server_, "pictor_faults_total{area=\"cache\",cause=\"no_space\"}"), 1);
    EXPECT_GE(series(*server_, "pictor_faults_total{area=\"pyramid\",cause=\"no_space\"}"), 1);
    EXPECT_GE(series(*server_, "pictor_faults_total{area=\"requests\",cause=\"no_space\"}"), 1);
    EXPECT_EQ(series(*server_, "pictor_pyramid_builds_total"), 0);
    auto log = server_->log();
    EXPECT_NE(log.find("derivative cache writes fail"), std::string::npos);
    EXPECT_NE(log.find("No space left on device"), std::string::npos);

    disk_->empty();
    get("/iiif/3/photo.jpg/full/!200,200/0/default.jpg");
    auto again = get("/iiif/3/photo.jpg/full/!200,200/0/default.jpg");
    EXPECT_EQ(again.header("x-pictor-cache"), "hit");
    auto upload = post(*server_, "cacheImage/k2",
                       multipart({{"sourceImage", read_bytes(root_.path() / "photo.jpg")}}));
    EXPECT_EQ(upload.status, 200) << upload.body;
    EXPECT_EQ(get("/iiif/3/web%2Fsmall.gif/info.json").status, 200);
    auto ready = get("/readyz");
    EXPECT_EQ(nlohmann::json::parse(ready.body)["status"], "ok") << ready.body;
}

TEST_F(FullDisk, AReadOnlyCacheAndPreviewFolderIsDegradedNotDown) {
    ASSERT_TRUE(disk_->read_only(disk_->path() / "cache"));
    ASSERT_TRUE(disk_->read_only(disk_->path() / "converter"));
    serve_every_dialect("read-only");
    EXPECT_GE(series(*server_, "pictor_faults_total{area=\"cache\",cause=\"read_only\"}"), 1);
    disk_->writable(disk_->path() / "cache");
    get("/iiif/3/photo.jpg/full/!200,200/0/default.jpg");
    EXPECT_EQ(get("/iiif/3/photo.jpg/full/!200,200/0/default.jpg").header("x-pictor-cache"), "hit");
}

TEST(Descriptors, RunningOutRefusesCleanlyAndServingResumes) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "the sanitized build pairs ASan with UBSan, whose vptr check probes memory "
                    "with pipe(2): with no descriptor left that fails and it reports a false "
                    "'invalid vptr' and aborts; this fault is tested in the plain build";
#endif
    TempImageRoot root;
    ServerProcess server(root.path(), {"cache.enabled=false"});
    // Room for what pictor holds open already and a few more: connections and source files
    // then run out.
    std::size_t open_now = 0;
    for (auto it = fs::directory_iterator("/proc/" + std::to_string(server.pid()) + "/fd");
         it != fs::directory_iterator(); ++it)
        ++open_now;
    // The soft limit only: the hard one cannot be raised again without privilege.
    rlimit before{};
    ASSERT_EQ(::prlimit(server.pid(), RLIMIT_NOFILE, nullptr, &before), 0);
    rlimit low{open_now + 12, before.rlim_max};
    ASSERT_EQ(::prlimit(server.pid(), RLIMIT_NOFILE, &low, nullptr), 0) << std::strerror(errno);
    std::vector<std::unique_ptr<HttpConnection>> held;
    std::vector<long> statuses;
    std::vector<std::thread> clients;
    std::mutex mutex;
    for (int i = 0; i < 24; ++i)
        clients.emplace_back([&, i] {
            HttpConnection c;
            auto r = c.get(server.url("/iiif/3/photo.jpg/full/!" + std::to_string(100 + i) + "," +
                                      std::to_string(100 + i) + "/0/default.jpg"));
            std::lock_guard lock(mutex);
            statuses.push_back(r.status);
            if (r.status == 503) {
                EXPECT_EQ(r.header("retry-after"), "1");
            }
        });
    for (auto& t : clients)
        t.join();
    int refused = 0;
    for (long s : statuses) { // 0: the connection waited in the backlog past curl's timeout
        EXPECT_TRUE(s == 200 || s == 503 || s == 0) << s;
        refused += s != 200;
    }
    std::printf("%d of %zu requests refused while descriptors ran out\n", refused, statuses.size());
    EXPECT_TRUE(alive(server));
    ASSERT_EQ(::prlimit(server.pid(), RLIMIT_NOFILE, &before, nullptr), 0);
    // The fault happened, and was counted: connections waited or requests were refused.
    EXPECT_GE(
        series(server, "pictor_faults_total{area=\"connections\",cause=\"file_descriptors\"}") +
            series(server, "pictor_faults_total{area=\"requests\",cause=\"file_descriptors\"}"),
        0);
    EXPECT_GT(refused + (server.log().find("Too many open files") != std::string::npos), 0);
    auto after = http_get(server.url("/iiif/3/photo.jpg/full/!150,150/0/default.jpg"));
    EXPECT_EQ(after.status, 200);
    EXPECT_EQ(decode(after.body).width, 150);
}

TEST(VanishingSources, ASourceRemovedOrCutShortWhileServedIsAClean4xx) {
    TempImageRoot root;
    fs::copy_file(root.path() / "portrait.jpg", root.path() / "victim.jpg");
    ServerProcess server(root.path(), {"cache.enabled=false"});
    auto url = [&](const std::string& p) { return server.url("/iiif/3/victim.jpg" + p); };
    ASSERT_EQ(http_get(url("/info.json")).status, 200); // probed and remembered
    // Cut short in place (same inode, a writer that died): the damaged file, 422.
    auto bytes = read_bytes(root.path() / "victim.jpg");
    fs::resize_file(root.path() / "victim.jpg", bytes.size() / 3);
    auto cut = http_get(url("/full/!200,200/0/default.jpg"));
    EXPECT_EQ(cut.status, 422) << cut.body;
    EXPECT_EQ(cut.header("cache-control"), "no-store");
    // Removed: 404, in every dialect's form.
    fs::remove(root.path() / "victim.jpg");
    EXPECT_EQ(http_get(url("/full/!200,200/0/default.jpg")).status, 404);
    EXPECT_EQ(http_get(server.url("/api/display/victim.jpg?size=30")).status, 404);
    EXPECT_EQ(http_get(server.url("/v1/file/victim.jpg/thumbnails")).status, 404);
    // Written back whole: served again.
    std::ofstream(root.path() / "victim.jpg", std::ios::binary) << bytes;
    EXPECT_EQ(http_get(url("/full/!200,200/0/default.jpg")).status, 200);
    EXPECT_TRUE(alive(server));
}

TEST(Memory, AnAddressSpaceLimitCostsRequestsNotTheProcess) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "under AddressSanitizer an allocation that fails aborts by design "
                    "(allocator_may_return_null=0): this fault is tested in the plain build";
#endif
    TempImageRoot root;
    write_big_jpeg(root.path() / "big.jpg");
    ServerProcess server(root.path(), {"cache.enabled=false", "limits.workers=2"});
    // What the process has mapped now and 96 MiB more: a full-size decode of a 49-megapixel
    // image (147 MB) cannot get its memory.
    std::ifstream status("/proc/" + std::to_string(server.pid()) + "/status");
    std::string line;
    std::uint64_t vm_kb = 0;
    while (std::getline(status, line))
        if (line.starts_with("VmSize:")) vm_kb = std::stoull(line.substr(7));
    ASSERT_GT(vm_kb, 0u);
    rlimit before{};
    ASSERT_EQ(::prlimit(server.pid(), RLIMIT_AS, nullptr, &before), 0);
    rlimit cap{(vm_kb << 10) + (96ull << 20), before.rlim_max}; // soft: it can be lifted again
    ASSERT_EQ(::prlimit(server.pid(), RLIMIT_AS, &cap, nullptr), 0);
    auto r = http_get(server.url("/iiif/3/big.jpg/full/max/90/default.png"));
    EXPECT_TRUE(r.status == 503 || r.status == 200 || r.status == 400)
        << r.status << r.body << server.log();
    EXPECT_NE(r.status, 500);
    std::printf("full-size decode under the cap: %ld %s\n", r.status,
                r.body.substr(0, 120).c_str());
    EXPECT_TRUE(alive(server));
    ASSERT_EQ(::prlimit(server.pid(), RLIMIT_AS, &before, nullptr), 0);
    EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/full/!100,100/0/default.jpg")).status, 200);
}

} // namespace
} // namespace pictor::test
